namespace Claw.Grains.OpenClaw;

/// <summary>
/// One lane per session on a connection: a session's turns run one after the other, in arrival order; different
/// sessions run side by side. A lane is dropped when nobody holds or waits for it.
/// </summary>
public sealed class SessionLanes
{
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);

    /// <summary>Waits for the session's lane; dispose the answer to leave it.</summary>
    public async Task<IDisposable> EnterAsync(string sessionKey, CancellationToken cancellationToken)
    {
        Lane lane;
        lock (_lanes)
        {
            if (!_lanes.TryGetValue(sessionKey, out lane!))
            {
                _lanes[sessionKey] = lane = new Lane();
            }

            lane.Users++;
        }

        try
        {
            await lane.Gate.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(sessionKey, lane, entered: false);
            throw;
        }

        return new Exit(this, sessionKey, lane);
    }

    /// <summary>Sessions with a turn running or waiting.</summary>
    public int Busy
    {
        get
        {
            lock (_lanes)
            {
                return _lanes.Count;
            }
        }
    }

    private void Leave(string sessionKey, Lane lane, bool entered)
    {
        if (entered)
        {
            lane.Gate.Release();
        }

        lock (_lanes)
        {
            if (--lane.Users == 0)
            {
                _lanes.Remove(sessionKey);
            }
        }
    }

    private sealed class Lane
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Exit(SessionLanes lanes, string sessionKey, Lane lane) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                lanes.Leave(sessionKey, lane, entered: true);
            }
        }
    }
}

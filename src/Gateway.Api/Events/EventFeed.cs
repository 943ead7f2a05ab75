using Claw.Abstractions.Events;
using Microsoft.Extensions.Options;

namespace Claw.Gateway.Events;

/// <summary>
/// The settled head of the events table for this gateway's streams. While any stream listens, one loop advances a
/// <see cref="FeedMark"/> (one indexed read per interval, whatever the number of streams) and wakes the streams when it
/// moves; each stream then reads its own filtered slice up to it. Everything at or below the head that will ever be
/// visible is visible, so a stream that reads up to it never skips an event committed later.
/// </summary>
public sealed partial class EventFeed(IGrainFactory grains, IOptions<EventStreamOptions> options, ILogger<EventFeed> logger) : IAsyncDisposable
{
    /// <summary>How long a new stream waits for the head to be known before it is answered 503.</summary>
    private static readonly TimeSpan PlacementTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _disposed = new();
    private readonly TaskCompletionSource _placed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _moved = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FeedMark _mark = FeedMark.Unplaced;
    private long _settled = -1;
    private int _listeners;
    private Task? _loop;

    /// <summary>Every event with a seq up to here that will ever be visible is visible now.</summary>
    public long Settled => Interlocked.Read(ref _settled);

    /// <summary>Follows the table while the returned handle lives; answers once the head is known.</summary>
    public async Task<IDisposable> ListenAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _listeners++;
            _loop ??= Task.Run(FollowAsync);
        }

        var listener = new Listener(this);
        try
        {
            await _placed.Task.WaitAsync(PlacementTimeout, cancellationToken);
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>True once the head has moved past <paramref name="seq"/>; false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitBeyondAsync(long seq, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task moved;
        lock (_gate)
        {
            if (Settled > seq)
            {
                return true;
            }

            moved = _moved.Task;
        }

        try
        {
            await moved.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            return false;
        }

        return Settled > seq;
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        Task? loop;
        lock (_gate)
        {
            loop = _loop;
        }

        if (loop is not null)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _disposed.Dispose();
    }

    private async Task FollowAsync()
    {
        var interval = TimeSpan.FromMilliseconds(Math.Max(10, options.Value.PollIntervalMilliseconds));
        var failing = false;
        while (!_disposed.IsCancellationRequested)
        {
            lock (_gate)
            {
                if (_listeners == 0)
                {
                    _loop = null; // the next listener starts a new loop from the mark kept here
                    return;
                }
            }

            try
            {
                _mark = await grains.GetGrain<IEventLogGrain>(0).AdvanceAsync(_mark);
                Publish(_mark.Settled);
                failing = false;
            }
            catch (Exception ex) when (!_disposed.IsCancellationRequested)
            {
                if (!failing)
                {
                    LogAdvanceFailed(logger, ex.GetType().Name, ex);
                    failing = true; // once per outage, not once per interval
                }
            }

            try
            {
                await Task.Delay(interval, _disposed.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Publish(long settled)
    {
        TaskCompletionSource? moved = null;
        lock (_gate)
        {
            if (settled != Settled)
            {
                Interlocked.Exchange(ref _settled, settled);
                moved = _moved;
                _moved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        _placed.TrySetResult();
        moved?.TrySetResult();
    }

    private void Unlisten()
    {
        lock (_gate)
        {
            _listeners--;
        }
    }

    [LoggerMessage(EventIds.EventStreamFailed, LogLevel.Warning, "The event streams of this gateway cannot follow the events table ({Error}); they wait and try again")]
    private static partial void LogAdvanceFailed(ILogger logger, string error, Exception exception);

    private sealed class Listener(EventFeed feed) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                feed.Unlisten();
            }
        }
    }
}

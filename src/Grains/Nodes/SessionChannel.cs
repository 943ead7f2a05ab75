using Claw.Abstractions.Sessions;

namespace Claw.Grains.Nodes;

/// <summary>
/// A node's WebSocket session as its grain sees it: which session is attached (and which were replaced), the frame id of
/// every assignment delivered, and when leases were lost. Frame ids grow across sessions and across activations (they
/// are seeded from the clock), so a reconnecting node can say what it last received and get the rest again.
/// </summary>
public sealed class SessionChannel(DateTimeOffset seededAt)
{
    /// <summary>Lost leases remembered for a reconnect's summary; older ones are forgotten.</summary>
    public const int LostLeasesKept = 200;

    private readonly Dictionary<string, (long FrameId, DateTimeOffset At)> _delivered = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _queued = new(StringComparer.Ordinal);
    private readonly HashSet<string> _replaced = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _lostLeases = new();
    private long _frameId = seededAt.ToUnixTimeMilliseconds() * 1000;

    public SessionInfo? Session { get; private set; }

    public INodeSession? Channel { get; private set; }

    /// <summary>
    /// Attaches <paramref name="session"/>; the session it replaces (another id), if any, is returned and remembered as
    /// replaced. <paramref name="fresh"/> is false when the same session attaches again.
    /// </summary>
    public (SessionInfo Session, INodeSession Channel)? Attach(SessionInfo session, INodeSession channel, out bool fresh)
    {
        (SessionInfo, INodeSession)? replaced = null;
        if (Session is { } current && Channel is { } old && current.SessionId != session.SessionId)
        {
            _replaced.Add(current.SessionId);
            replaced = (current, old);
        }

        fresh = Session?.SessionId != session.SessionId;
        Session = session;
        Channel = channel;
        return replaced;
    }

    public void Detach()
    {
        Session = null;
        Channel = null;
    }

    public bool IsCurrent(string sessionId) => Session?.SessionId == sessionId;

    public SessionStanding Standing(string sessionId) =>
        _replaced.Contains(sessionId) ? SessionStanding.Replaced : IsCurrent(sessionId) ? SessionStanding.Attached : SessionStanding.Unknown;

    /// <summary>The next frame id, recorded as the delivery of <paramref name="leaseId"/> at <paramref name="now"/>.</summary>
    public long Deliver(string leaseId, DateTimeOffset now)
    {
        var frameId = ++_frameId;
        _delivered[leaseId] = (frameId, now);
        return frameId;
    }

    /// <summary>An assignment for the node while no session is attached: it waits in the offline queue from <paramref name="now"/>.</summary>
    public void Queue(string leaseId, DateTimeOffset now) => _queued.TryAdd(leaseId, now);

    /// <summary>When <paramref name="leaseId"/> first waited for the node (queued while away, else last sent); null: not known here.</summary>
    public DateTimeOffset? QueuedAt(string leaseId) =>
        _queued.TryGetValue(leaseId, out var at) ? at : _delivered.TryGetValue(leaseId, out var d) ? d.At : null;

    /// <summary>The lease ended; <paramref name="lost"/> (revoked or expired under the node) counts for a reconnect's summary.</summary>
    public void Forget(string leaseId, bool lost, DateTimeOffset now)
    {
        _delivered.Remove(leaseId);
        _queued.Remove(leaseId);
        if (lost)
        {
            _lostLeases.Enqueue(now);
            while (_lostLeases.Count > LostLeasesKept)
            {
                _lostLeases.Dequeue();
            }
        }
    }

    /// <summary>Leases lost since <paramref name="since"/>; none when the node does not say since when it was away.</summary>
    public int LostSince(DateTimeOffset? since) => since is { } from ? _lostLeases.Count(at => at >= from) : 0;

    /// <summary>
    /// Of the node's <paramref name="leases"/>, those it has not received: delivered after <paramref name="lastReceivedId"/>,
    /// or never delivered by this activation. The oldest delivery among them, if any.
    /// </summary>
    public (List<string> Missed, DateTimeOffset? OldestDelivery) Replay(IEnumerable<string> leases, long lastReceivedId)
    {
        var missed = leases.Where(id => !_delivered.TryGetValue(id, out var d) || d.FrameId > lastReceivedId).ToList();
        var oldest = missed.Select(id => _delivered.TryGetValue(id, out var d) ? d.At : (DateTimeOffset?)null).Where(at => at is not null).Min();
        return (missed, oldest);
    }
}

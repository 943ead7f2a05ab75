using System.Collections.Immutable;
using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Sessions;
using Claw.Abstractions.Tasks;

namespace Claw.Grains.Nodes;

/// <summary>
/// The push channel: while a WebSocket session is attached, a loop on this grain takes matching work up to the free
/// slots and hands each assignment to the session, sleeping in the queue partitions between arrivals exactly as a
/// long poll does. An assignment the session cannot take is given back at once. Frame ids grow across sessions (and
/// across activations, being seeded from the clock), so a reconnecting node can say what it last received.
/// </summary>
public sealed partial class NodeGrain
{
    private const int LostLeasesKept = 200;
    private static readonly TimeSpan PushWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, (long FrameId, DateTimeOffset At)> _delivered = new(StringComparer.Ordinal);
    private readonly HashSet<string> _replaced = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _lostLeases = new();
    private INodeSession? _channel;
    private SessionInfo? _session;
    private int? _readyCap;
    private long _frameId = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;

    public async Task<NodeView> AttachSessionAsync(SessionInfo session, INodeSession channel)
    {
        await SeenAsync();
        if (_session is { } old && old.SessionId != session.SessionId)
        {
            _replaced.Add(old.SessionId);
            _channel!.ReplacedAsync().Ignore();
            LogSessionReplaced(logger, NodeId, old.SessionId, session.SessionId);
        }

        var fresh = _session?.SessionId != session.SessionId;
        _session = session;
        _channel = channel;
        Directory.UpsertAsync(session).Ignore();
        if (fresh)
        {
            _readyCap = null;
            PushLoopAsync(session).Ignore();
        }

        return View();
    }

    public Task DetachSessionAsync(string sessionId)
    {
        if (_session?.SessionId == sessionId)
        {
            DropSession();
        }

        return Task.CompletedTask;
    }

    public async Task<SessionStanding> SessionAliveAsync(string sessionId)
    {
        if (_replaced.Contains(sessionId))
        {
            return SessionStanding.Replaced;
        }

        if (_session?.SessionId != sessionId)
        {
            return SessionStanding.Unknown;
        }

        await SeenAsync();
        Directory.UpsertAsync(_session).Ignore();
        return SessionStanding.Attached;
    }

    public async Task ReadyAsync(string sessionId, int slots)
    {
        await SeenAsync();
        if (_session?.SessionId == sessionId)
        {
            _readyCap = _leases.Count + Math.Max(0, slots);
            WakeWaiters();
        }
    }

    public async Task<ReconnectSummary> ReconnectAsync(string sessionId, long lastReceivedId, DateTimeOffset? offlineSince)
    {
        await SeenAsync();
        var expired = offlineSince is { } since ? _lostLeases.Count(at => at >= since) : 0;
        if (_session?.SessionId != sessionId)
        {
            return new ReconnectSummary(0, expired, null);
        }

        // Not received: delivered after the node's last frame id, or unknown here (this activation never delivered it).
        var missed = _leases.Where(id => !_delivered.TryGetValue(id, out var d) || d.FrameId > lastReceivedId).ToList();
        var oldest = missed.Select(id => _delivered.TryGetValue(id, out var d) ? d.At : (DateTimeOffset?)null).Where(at => at is not null).Min();
        var again = await Task.WhenAll(missed.Select(id => LeaseIds.TryParse(id, out var taskId, out _)
            ? GrainFactory.GetGrain<ITaskGrain>(taskId).GetAssignmentAsync(id)
            : Task.FromResult<Assignment?>(null)));
        var queued = 0;
        foreach (var assignment in again.OfType<Assignment>())
        {
            queued += await DeliverAsync(assignment, giveBackIfRefused: false) ? 1 : 0;
        }

        return new ReconnectSummary(queued, expired, oldest);
    }

    public async Task<bool> PushTaskAsync(string taskId)
    {
        var held = _leases.FirstOrDefault(id => LeaseIds.TryParse(id, out var t, out _) && t == taskId);
        var assignment = held is null ? null : await GrainFactory.GetGrain<ITaskGrain>(taskId).GetAssignmentAsync(held);
        return assignment is not null && _channel is not null && await DeliverAsync(assignment, giveBackIfRefused: false);
    }

    private ISessionDirectoryGrain Directory => GrainFactory.GetGrain<ISessionDirectoryGrain>(0);

    /// <summary>Takes and pushes work for as long as <paramref name="session"/> is the node's session.</summary>
    private async Task PushLoopAsync(SessionInfo session)
    {
        var partitions = PartitionsOf(session.Queues);
        while (_session?.SessionId == session.SessionId && Node.IsRegistered)
        {
            try
            {
                var taken = await TakeAsync(partitions, int.MaxValue);
                foreach (var assignment in taken)
                {
                    await DeliverAsync(assignment, giveBackIfRefused: true);
                }

                if (taken.Length == 0)
                {
                    await WaitForWorkAsync(partitions, time.GetUtcNow() + PushWait);
                }
            }
            catch (Exception ex)
            {
                LogPushFailed(logger, NodeId, ex); // e.g. a partition's silo died; try again shortly
                await Task.Delay(TimeSpan.FromSeconds(1), time);
            }
        }
    }

    /// <summary>
    /// Hands one assignment to the session. If the session is gone it is given back untouched (no attempt spent) when
    /// <paramref name="giveBackIfRefused"/>; a delivery that did arrive after all is fenced off by the new lease.
    /// </summary>
    private async Task<bool> DeliverAsync(Assignment assignment, bool giveBackIfRefused)
    {
        var channel = _channel;
        var session = _session;
        var frameId = ++_frameId;
        ForgetHanded(assignment.LeaseId); // delivered now, e.g. again on a reconnect
        _delivered[assignment.LeaseId] = (frameId, time.GetUtcNow());
        bool delivered;
        try
        {
            delivered = channel is not null && await channel.AssignAsync(assignment, frameId).WaitAsync(DeliveryTimeout, time);
        }
        catch (Exception ex)
        {
            LogDeliveryFailed(logger, NodeId, assignment.TaskId, ex);
            delivered = false;
        }

        if (!delivered && session is not null)
        {
            await DetachSessionAsync(session.SessionId);
        }

        if (!delivered && giveBackIfRefused)
        {
            await GiveBackAsync(assignment);
        }

        return delivered;
    }

    private async Task GiveBackAsync(Assignment assignment)
    {
        try
        {
            await GrainFactory.GetGrain<ITaskGrain>(assignment.TaskId).ReleaseAsync(new LeaseProof(assignment.LeaseId, assignment.LeaseToken, NodeId));
        }
        catch (Exception ex)
        {
            LogDeliveryFailed(logger, NodeId, assignment.TaskId, ex); // the lease runs out and the task is requeued then
        }
    }

    /// <summary>A lease made by <c>assign</c> reaches the node's session too, without holding up the caller.</summary>
    private void PushAssigned(Assignment assignment)
    {
        if (_channel is not null)
        {
            DeliverAsync(assignment, giveBackIfRefused: false).Ignore();
        }
    }

    private void Tell(SessionNotice notice) => _channel?.NoticeAsync(notice).Ignore();

    private void Forget(string leaseId, bool lost)
    {
        _delivered.Remove(leaseId);
        if (lost)
        {
            _lostLeases.Enqueue(time.GetUtcNow());
            while (_lostLeases.Count > LostLeasesKept)
            {
                _lostLeases.Dequeue();
            }
        }
    }

    private void DropSession()
    {
        if (_session is { } session)
        {
            Directory.RemoveAsync(NodeId, session.SessionId).Ignore();
        }

        _session = null;
        _channel = null;
        _readyCap = null;
        WakeWaiters(); // the push loop sees it has no session and ends
    }

    [LoggerMessage(EventIds.NodeSessionReplaced, LogLevel.Information, "Node {NodeId}: session {OldSession} replaced by {NewSession}")]
    private static partial void LogSessionReplaced(ILogger logger, string nodeId, string oldSession, string newSession);

    [LoggerMessage(EventIds.NodePushFailed, LogLevel.Warning, "Node {NodeId}: the push loop failed; retrying")]
    private static partial void LogPushFailed(ILogger logger, string nodeId, Exception exception);

    [LoggerMessage(EventIds.NodeDeliveryFailed, LogLevel.Warning, "Node {NodeId}: task {TaskId} could not be delivered to the session")]
    private static partial void LogDeliveryFailed(ILogger logger, string nodeId, string taskId, Exception exception);
}

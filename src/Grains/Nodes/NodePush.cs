using Claw.Abstractions.Leases;
using Claw.Abstractions.Sessions;
using Claw.Abstractions.Tasks;

namespace Claw.Grains.Nodes;

/// <summary>
/// The push channel of a node with a WebSocket session: while the session is attached, a loop takes matching work up to
/// the free slots (<see cref="NodeWork"/>) and hands each assignment to the session, sleeping in the queue partitions
/// between arrivals exactly as a long poll does. An assignment the session cannot take is given back at once; a
/// reconnecting node gets again what it missed (<see cref="SessionChannel"/>).
/// </summary>
public sealed class NodePush(
    IGrainFactory grains, NodeWork work, SlotLedger slots, SessionChannel channel, OfflineQueueOptions offline, Func<bool> registered,
    TimeProvider time, ILogger logger, string nodeId)
{
    private static readonly TimeSpan PushWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private ISessionDirectoryGrain Directory => grains.GetGrain<ISessionDirectoryGrain>(0);

    public void Attach(SessionInfo session, INodeSession sessionChannel)
    {
        if (channel.Attach(session, sessionChannel, out var fresh) is { } replaced)
        {
            replaced.Channel.ReplacedAsync().Ignore();
            logger.SessionReplaced(nodeId, replaced.Session.SessionId, session.SessionId);
        }

        Directory.UpsertAsync(session).Ignore();
        if (fresh)
        {
            slots.ClearReady();
            RunAsync(session).Ignore();
        }
    }

    /// <summary>The session's keep-alive: still this node's own (a sign of life), replaced by a newer one, or unknown here.</summary>
    public async Task<SessionStanding> KeepAliveAsync(string sessionId, Func<Task> seen)
    {
        var standing = channel.Standing(sessionId);
        if (standing == SessionStanding.Attached)
        {
            await seen();
            Directory.UpsertAsync(channel.Session!).Ignore();
        }

        return standing;
    }

    public void Detach(string sessionId)
    {
        if (channel.IsCurrent(sessionId))
        {
            Drop();
        }
    }

    public void Ready(string sessionId, int readySlots)
    {
        if (channel.IsCurrent(sessionId))
        {
            slots.Ready(readySlots);
            work.WakeAll();
        }
    }

    /// <summary>
    /// Delivers again what the node missed while away, bounded and expiring (<see cref="OfflineBacklog"/>): what is
    /// dropped goes back to dispatch and counts as expired, with the leases the node lost meanwhile.
    /// </summary>
    public async Task<ReconnectSummary> ReconnectAsync(string sessionId, long lastReceivedId, DateTimeOffset? offlineSince)
    {
        var expired = channel.LostSince(offlineSince);
        if (!channel.IsCurrent(sessionId))
        {
            return new ReconnectSummary(0, expired, null);
        }

        var (missed, _) = channel.Replay(slots.Leases, lastReceivedId);
        var expiries = await Task.WhenAll(missed.Select(TaskExpiryOf));
        var (keep, drop) = OfflineBacklog.Trim(
            missed.Select((id, i) => (id, channel.QueuedAt(id), expiries[i])), time.GetUtcNow(), offline.OfflineQueueMax, offline.OfflineQueueTtl);
        var oldest = keep.Select(channel.QueuedAt).Min();
        var dropped = await Task.WhenAll(drop.Select(AssignmentOf));
        foreach (var assignment in dropped.OfType<Assignment>())
        {
            logger.OfflineAssignmentDropped(nodeId, assignment.TaskId);
            await GiveBackAsync(assignment);
        }

        var again = await Task.WhenAll(keep.Select(AssignmentOf));
        var queued = 0;
        foreach (var assignment in again.OfType<Assignment>())
        {
            queued += await DeliverAsync(assignment, giveBackIfRefused: false) ? 1 : 0;
        }

        return new ReconnectSummary(queued, expired + dropped.Count(a => a is not null), oldest);
    }

    /// <summary>The task's own TTL deadline: a task past it is not delivered but given back, where dispatch expires it.</summary>
    private async Task<DateTimeOffset?> TaskExpiryOf(string leaseId) => LeaseIds.TryParse(leaseId, out var taskId, out _)
        ? (await grains.GetGrain<ITaskGrain>(taskId).GetAsync())?.ExpiresAt
        : null;

    private Task<Assignment?> AssignmentOf(string leaseId) => LeaseIds.TryParse(leaseId, out var taskId, out _)
        ? grains.GetGrain<ITaskGrain>(taskId).GetAssignmentAsync(leaseId)
        : Task.FromResult<Assignment?>(null);

    /// <summary>Pushes a task this node holds to its session again (<c>POST /ws/push</c>).</summary>
    public async Task<bool> PushTaskAsync(string taskId)
    {
        var held = slots.Leases.FirstOrDefault(id => LeaseIds.TryParse(id, out var t, out _) && t == taskId);
        var assignment = held is null ? null : await grains.GetGrain<ITaskGrain>(taskId).GetAssignmentAsync(held);
        return assignment is not null && channel.Channel is not null && await DeliverAsync(assignment, giveBackIfRefused: false);
    }

    /// <summary>A lease made by <c>assign</c> reaches the node's session too, without holding up the caller.</summary>
    public void Push(Assignment assignment)
    {
        if (channel.Channel is not null)
        {
            DeliverAsync(assignment, giveBackIfRefused: false).Ignore();
        }
        else
        {
            channel.Queue(assignment.LeaseId, time.GetUtcNow()); // waits for the node's reconnect, bounded and expiring
        }
    }

    /// <summary>
    /// A lease of the node ended: its slot is free, and a <paramref name="notice"/> (the end was not the node's doing)
    /// goes to the session. True when the node held it.
    /// </summary>
    public bool LeaseEnded(string leaseId, bool lost, SessionNotice? notice)
    {
        var held = slots.Release(leaseId);
        channel.Forget(leaseId, lost && held, time.GetUtcNow());
        if (held && notice is not null)
        {
            channel.Channel?.NoticeAsync(notice).Ignore();
        }

        return held;
    }

    public void Drop()
    {
        if (channel.Session is { } session)
        {
            Directory.RemoveAsync(nodeId, session.SessionId).Ignore();
        }

        channel.Detach();
        slots.ClearReady();
        work.WakeAll(); // the push loop sees it has no session and ends
    }

    /// <summary>Takes and pushes work for as long as <paramref name="session"/> is the node's session.</summary>
    private async Task RunAsync(SessionInfo session)
    {
        var partitions = work.PartitionsOf(session.Queues);
        while (channel.IsCurrent(session.SessionId) && registered())
        {
            try
            {
                var taken = await work.TakeAsync(partitions, int.MaxValue);
                foreach (var assignment in taken)
                {
                    await DeliverAsync(assignment, giveBackIfRefused: true);
                }

                if (taken.Length == 0)
                {
                    await work.WaitAsync(partitions, time.GetUtcNow() + PushWait);
                }
            }
            catch (Exception ex)
            {
                logger.PushFailed(nodeId, ex); // e.g. a partition's silo died; try again shortly
                await Task.Delay(RetryDelay, time);
            }
        }
    }

    /// <summary>
    /// Hands one assignment to the session. If the session is gone it is given back untouched (no attempt spent) when
    /// <paramref name="giveBackIfRefused"/>; a delivery that did arrive after all is fenced off by the new lease.
    /// </summary>
    private async Task<bool> DeliverAsync(Assignment assignment, bool giveBackIfRefused)
    {
        var sessionChannel = channel.Channel;
        var session = channel.Session;
        slots.Delivering(assignment.LeaseId); // delivered now, e.g. again on a reconnect
        var frameId = channel.Deliver(assignment.LeaseId, time.GetUtcNow());
        bool delivered;
        try
        {
            delivered = sessionChannel is not null && await sessionChannel.AssignAsync(assignment, frameId).WaitAsync(DeliveryTimeout, time);
        }
        catch (Exception ex)
        {
            logger.DeliveryFailed(nodeId, assignment.TaskId, ex);
            delivered = false;
        }

        if (!delivered && session is not null && channel.IsCurrent(session.SessionId))
        {
            Drop();
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
            await grains.GetGrain<ITaskGrain>(assignment.TaskId).ReleaseAsync(new LeaseProof(assignment.LeaseId, assignment.LeaseToken, nodeId));
        }
        catch (Exception ex)
        {
            logger.DeliveryFailed(nodeId, assignment.TaskId, ex); // the lease runs out and the task is requeued then
        }
    }
}

using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Tasks;
using Claw.Grains.Dispatch;
using Claw.Grains.Leases;

namespace Claw.Grains.Tasks;

/// <summary>
/// A new task is dispatched before its first write. With a node waiting for work it is leased to that node at once and
/// written once, already assigned, side by side with its lease: one commit between submit and the node, instead of a
/// write, a wake-up, a take and a second write. Otherwise it is indexed; a node that takes it before the write has
/// committed queues behind this submit, and one that finds no task (the write failed) leases nothing.
/// </summary>
public sealed partial class TaskGrain
{
    /// <summary>A reservation is one in-memory call; a node that takes longer is as good as unreachable.</summary>
    private static readonly TimeSpan ReserveTimeout = TimeSpan.FromSeconds(1);

    /// <summary>A lease issued to a waiting node while the task that records it is being created.</summary>
    private sealed record HandOff(INodeGrain Node, LeaseTerms Terms, Task<LeaseView?> Issued);

    private async Task<HandOff?> DispatchNewAsync()
    {
        if (T.Status != ClawTaskStatus.Pending || T.Dispatch != DispatchMode.Auto)
        {
            return null;
        }

        if (T.SwarmId is not null)
        {
            await EnqueueIfDispatchableAsync(); // a swarm's slot is taken at lease time, by the usual path
            return null;
        }

        if (await Queue().OfferAsync(T.ToEntry(TaskId)) is not { } nodeId)
        {
            return null;
        }

        var node = GrainFactory.GetGrain<INodeGrain>(nodeId);
        if (await ReserveAsync(node) is not { } profile || !RequirementMatcher.Matches(T.Requirements, T.SwarmId, profile))
        {
            node.HandOffAsync(TaskId, null).Ignore();
            await EnqueueIfDispatchableAsync();
            return null;
        }

        var terms = AssignTo(profile);

        // Only a new lease: this task may exist already (a repeated submit to a fresh activation), and its live lease
        // must not be replaced by one it never recorded.
        var issued = GrainFactory.GetGrain<ILeaseGrain>(terms.LeaseId).IssueAsync(terms, onlyNew: true);
        return new HandOff(node, terms, issued);
    }

    /// <summary>
    /// The node's profile with a slot held for this task, or null. A node that does not answer at once (its silo is
    /// dying) does not hold up the submit: the task is indexed instead, and a late reservation lapses by itself.
    /// </summary>
    private async Task<NodeProfile?> ReserveAsync(INodeGrain node)
    {
        try
        {
            return await node.ReserveAsync(TaskId).WaitAsync(ReserveTimeout, time);
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            LogReserveFailed(logger, TaskId, node.GetPrimaryKeyString(), ex);
            return null;
        }
    }

    /// <summary>Writes the new task; false when it existed already (memory then holds the stored task). A hand-off the write does not keep is undone.</summary>
    private async Task<bool> CreateRowAsync(HandOff? handOff)
    {
        bool created;
        try
        {
            if (_state.IsLoaded)
            {
                await WriteAsync();
                created = true;
            }
            else
            {
                created = await _state.TryCreateAsync(this);
            }
        }
        catch
        {
            await AbandonAsync(handOff);
            throw;
        }

        if (!created)
        {
            await AbandonAsync(handOff);
            await EnqueueIfDispatchableAsync(); // the stored task's entry, in place of the one this submit indexed
        }

        return created;
    }

    /// <summary>The task is written as assigned: the node gets the assignment once its lease is issued too, or the task takes the lease back.</summary>
    private async Task CompleteHandOffAsync(HandOff handOff)
    {
        if (await IssuedAsync(handOff))
        {
            handOff.Node.HandOffAsync(TaskId, CurrentAssignment()).Ignore();
            RecordDispatched();
            return;
        }

        handOff.Node.HandOffAsync(TaskId, null).Ignore();
        await LeaseLostAsync(handOff.Terms.LeaseId, LeaseStatus.Revoked, LeaseGrain.NotIssued);
    }

    /// <summary>The task was not created by this submit: the node's slot is freed and a lease issued for it is ended.</summary>
    private async Task AbandonAsync(HandOff? handOff)
    {
        if (handOff is null)
        {
            return;
        }

        handOff.Node.HandOffAsync(TaskId, null).Ignore();
        if (await IssuedAsync(handOff))
        {
            try
            {
                await GrainFactory.GetGrain<ILeaseGrain>(handOff.Terms.LeaseId).RevokeAsync(LeaseGrain.NotIssued);
            }
            catch (Exception ex)
            {
                // Its deadline ends it; no task records it, so nobody holds it meanwhile.
                LogHandOffNotRevoked(logger, TaskId, handOff.Terms.LeaseId, ex);
            }
        }
    }

    private async Task<bool> IssuedAsync(HandOff handOff)
    {
        try
        {
            return await handOff.Issued is not null;
        }
        catch (Exception ex)
        {
            LogHandOffNotIssued(logger, TaskId, handOff.Terms.LeaseId, ex);
            return false;
        }
    }

    [LoggerMessage(EventIds.TaskReserveFailed, LogLevel.Warning, "Task {TaskId}: node {NodeId} did not hold a slot for it; the task is indexed instead")]
    private static partial void LogReserveFailed(ILogger logger, string taskId, string nodeId, Exception exception);

    [LoggerMessage(EventIds.TaskHandOffNotIssued, LogLevel.Warning, "Task {TaskId}: the lease {LeaseId} for a waiting node could not be issued")]
    private static partial void LogHandOffNotIssued(ILogger logger, string taskId, string leaseId, Exception exception);

    [LoggerMessage(EventIds.TaskHandOffNotRevoked, LogLevel.Warning, "Task {TaskId}: the unrecorded lease {LeaseId} could not be revoked; its deadline ends it")]
    private static partial void LogHandOffNotRevoked(ILogger logger, string taskId, string leaseId, Exception exception);
}

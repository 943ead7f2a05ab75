using Claw.Abstractions.Errors;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Sessions;
using Claw.Abstractions.Swarms;
using Claw.Abstractions.Tasks;
using Claw.Grains.Dispatch;
using Claw.Grains.Storage;
using Claw.Grains.Swarms;
using Claw.Grains.Telemetry;

namespace Claw.Grains.Tasks;

/// <summary>
/// Handing a task's next attempt to a node: by a poll (only a due task the node can run, and only with a swarm slot)
/// or by hand (<c>assign</c>, which may take an unstarted task back from another node). The lease is the task's own,
/// written with it in one row.
/// </summary>
public sealed class TaskLeasing(TaskRecord task, TaskNeighbours around, TaskEndings endings, ClawMetrics metrics)
{
    private TaskState T => task.State;

    public async Task<Assignment?> LeaseAsync(NodeProfile node, bool manual)
    {
        if (!manual && !T.Exists)
        {
            return null; // indexed by a submit whose write failed: nothing to run
        }

        task.EnsureExists();
        if (task.Life.IsPastExpiry)
        {
            await endings.ExpireAsync(); // past its TTL: it never runs
            if (manual)
            {
                throw task.InvalidTransition("assign");
            }

            return null;
        }

        var reassigning = manual && IsManualAssignTakingBack(node);
        if (!manual && !task.Life.IsDueFor(node))
        {
            return null;
        }

        // A task taken back from its holder keeps the slots its lease holds (asking again grants them to the task).
        if (!await TakeSwarmSlotAsync(manual) || !await TakeLaneSlotsAsync(manual))
        {
            return null;
        }

        // One write makes the lease: the task is its only keeper. A write that fails hands nothing out.
        var revoked = reassigning ? TakeBack() : null;
        task.Life.Assign(task.TaskId, node);
        try
        {
            await task.WriteAsync();
        }
        catch (WriteRefusedException)
        {
            await RefusedAsync(manual);
            return null;
        }
        catch when (!reassigning) // a reassign's slots stay with the lease the table still holds
        {
            around.ReleaseSwarmSlot(T);
            around.ReleaseLaneSlots(T.Lanes());
            throw;
        }

        around.Tell(revoked); // the node it was taken from hears once the new lease is written
        if (manual)
        {
            await around.Queue(T).RemoveAsync(task.TaskId);
        }

        RecordDispatched();
        return T.ToAssignment(task.TaskId);
    }

    /// <summary>The broadcast rule: only a leased task has a node to push it to, and only a connected node takes the push.</summary>
    public async Task<string> PushToHolderAsync()
    {
        task.EnsureExists();
        if (!T.IsLeased || T.NodeId is not { } nodeId)
        {
            throw ClawException.Conflict(ErrorCodes.TaskNotAssigned, $"The task is {T.Status.Wire()}; only a leased task has a node to push it to.");
        }

        // The node asks this task for the assignment it pushes, within this call.
        using (RequestContext.AllowCallChainReentrancy())
        {
            return await around.Node(nodeId).PushTaskAsync(task.TaskId)
                ? nodeId
                : throw ClawException.Conflict(ErrorCodes.NodeNotConnected, $"Node '{nodeId}' has no live WebSocket session.");
        }
    }

    /// <summary>Submit-to-dispatch time of a first attempt (a crash's requeue or a retry would blur it).</summary>
    public void RecordDispatched()
    {
        if (T.Attempt == 1 && T.CrashRequeues == 0)
        {
            metrics.SubmitToDispatch.Record((task.Now - T.CreatedAt).TotalSeconds, task.QueueTag);
        }
    }

    /// <summary>
    /// Checks an assign by hand, changing nothing (a refusal leaves the task as stored): true when it takes an unstarted
    /// task back from its holder.
    /// </summary>
    private bool IsManualAssignTakingBack(NodeProfile node)
    {
        if (T.Status == ClawTaskStatus.Waiting)
        {
            around.RecheckWorkflow(T); // in case the notice that would have opened it was lost: a retry then finds it pending
            throw ClawException.Conflict(ErrorCodes.DependenciesPending, "The task is a workflow step whose dependencies have not all completed; it can be assigned once they have.");
        }

        if (T.Status is not (ClawTaskStatus.Pending or ClawTaskStatus.Assigned))
        {
            throw ClawException.Conflict(ErrorCodes.TaskNotPending, $"The task is {T.Status.Wire()}; only pending or unstarted tasks can be assigned.");
        }

        if (!RequirementMatcher.Matches(T.Requirements, T.SwarmId, node))
        {
            throw ClawException.Conflict(ErrorCodes.NodeCannotRun, $"Node '{node.NodeId}' does not meet the task's requirements.");
        }

        return T.Status == ClawTaskStatus.Assigned;
    }

    /// <summary>Revokes the unstarted lease (its fence makes it stale): what its holder is to hear once the new lease is written.</summary>
    private HolderNotice? TakeBack()
    {
        var revoked = around.HolderNoticeOf(T, completed: null, SessionNotice.LeaseRevoked, "reassigned");
        task.Life.Unassign("reassigned");
        return revoked;
    }

    /// <summary>
    /// The table showed a lane full (or the swarm not running) though its grain granted the slot (<see cref="LaneGuard"/>):
    /// another activation of that grain counted apart. The task is still pending as stored. Assigned by hand, the caller
    /// is refused; by a poll, it leaves the index and waits with its swarm and lanes, each of which recounts from the
    /// table and re-drives it once it has room.
    /// </summary>
    private async Task RefusedAsync(bool manual)
    {
        metrics.LeasesRefusedAtLimit.Add(1, task.QueueTag);
        await task.ReloadAsync();
        if (manual)
        {
            around.ReleaseSwarmSlot(T);
            around.ReleaseLaneSlots(T.Lanes());
            throw ClawException.Conflict(ErrorCodes.NodeUnavailable, "The task's swarm or concurrency lane runs as many tasks as its limit.");
        }

        await around.Queue(T).RemoveAsync(task.TaskId);
        if (T.SwarmId is { } swarmId)
        {
            await around.Swarm(swarmId).ParkRefusedAsync(task.TaskId); // each frees the slot it granted, too
        }

        foreach (var (lane, _) in T.Lanes())
        {
            await around.Lane(lane).ParkRefusedAsync(task.TaskId);
        }
    }

    /// <summary>Asks the task's swarm for a slot; turned away, a poll's lease leaves the task parked with the swarm (out of the index).</summary>
    private async Task<bool> TakeSwarmSlotAsync(bool manual)
    {
        var grant = T.SwarmId is { } swarmId ? await around.Swarm(swarmId).AcquireSlotAsync(task.TaskId) : SlotGrant.Granted;
        if (grant == SlotGrant.Granted)
        {
            return true;
        }

        if (manual)
        {
            throw SwarmSlots.Refusal(grant, T.SwarmId!);
        }

        if (grant == SlotGrant.Stopped)
        {
            await endings.CancelAsync($"swarm {T.SwarmId} stopped");
        }
        else
        {
            await around.Queue(T).RemoveAsync(task.TaskId); // until the swarm re-drives it (a resume or a freed slot)
        }

        return false;
    }

    /// <summary>
    /// Asks each concurrency lane of the task (its key's, its queue's) for a slot. One turned away parks the task with
    /// that lane (out of the index) until a slot frees; the slots taken before it, and the swarm's, are given back.
    /// </summary>
    private async Task<bool> TakeLaneSlotsAsync(bool manual)
    {
        var lanes = T.Lanes();
        for (var i = 0; i < lanes.Count; i++)
        {
            if (await around.Lane(lanes[i].Lane).AcquireSlotAsync(task.TaskId, lanes[i].Limit) == SlotGrant.Granted)
            {
                continue;
            }

            if (!T.IsLeased) // a task being taken back keeps its lease's slots
            {
                around.ReleaseLaneSlots(lanes.Take(i));
                around.ReleaseSwarmSlot(T);
            }

            if (manual)
            {
                throw ClawException.Conflict(ErrorCodes.NodeUnavailable, $"Concurrency lane '{lanes[i].Lane}' runs as many tasks as its limit ({lanes[i].Limit}).");
            }

            await around.Queue(T).RemoveAsync(task.TaskId); // until the lane re-drives it
            return false;
        }

        return true;
    }
}

using Claw.Abstractions.Audit;
using Claw.Abstractions.Auth;
using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Identity;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Sessions;
using Claw.Abstractions.Swarms;
using Claw.Abstractions.Tasks;
using Claw.Abstractions.Workflows;
using Claw.Grains.Dispatch;

namespace Claw.Grains.Tasks;

/// <summary>
/// The grains one task talks to: its queue partition, its node, its workflow, its swarm and its concurrency lanes. Notices are
/// one-way, so a task never waits on a grain that may be waiting on it; nothing here decides anything.
/// </summary>
public sealed class TaskNeighbours(IGrainFactory grains, DispatchOptions dispatch, string taskId)
{
    public IQueueGrain Queue(TaskState task) => grains.GetGrain<IQueueGrain>(dispatch.PartitionKeyOf(task.Queue, taskId));

    public ISwarmGrain Swarm(string swarmId) => grains.GetGrain<ISwarmGrain>(swarmId);

    public IConcurrencyKeyGrain Lane(string lane) => grains.GetGrain<IConcurrencyKeyGrain>(lane);

    public INodeGrain Node(string nodeId) => grains.GetGrain<INodeGrain>(nodeId);

    public INodeIdentityGrain Identity(string nodeId) => grains.GetGrain<INodeIdentityGrain>(nodeId);

    /// <summary>Records a refusal of a caller in the audit log (one-way, through the silo's audit writer).</summary>
    public void Audit(AuditType type, Principal caller, string? nodeId, string action, string reason) =>
        grains.GetGrain<IAuditGrain>(0).RecordAsync(new AuditEntry(
            DateTimeOffset.UtcNow, type, caller.Id, caller.NodeId ?? nodeId, action, "task:" + taskId, "denied", reason,
            RequestContext.Get(CorrelationContext.Key) as string)).Ignore();

    /// <summary>Puts the task into its partition's index when it belongs there.</summary>
    public async Task EnqueueIfDispatchableAsync(TaskState task)
    {
        if (task.IsDispatchable)
        {
            await Queue(task).EnqueueAsync(task.ToEntry(taskId));
        }
    }

    /// <summary>
    /// The current lease ended, and its end is written: its node frees the slot (and counts the result when
    /// <paramref name="completed"/> says one), a <paramref name="noticeType"/> is pushed to its session (the end was not
    /// its doing), its circuit breakers hear <paramref name="succeeded"/> (by default the result), all in one one-way
    /// notice; the swarm's and lanes' slots are freed. Called only after the write: a slot freed earlier could be taken
    /// while the table still holds the lease (the lane's lease write is then refused, <see cref="LaneGuard"/>, and the
    /// node runs past its slots), and a holder told before a write that then fails stops work it still holds.
    /// </summary>
    public void LeaseEnded(TaskState task, bool? completed, string? noticeType = null, string? reason = null, bool? succeeded = null)
    {
        Tell(HolderNoticeOf(task, completed, noticeType, reason, succeeded));
        ReleaseSwarmSlot(task);
        ReleaseLaneSlots(task.Lanes());
    }

    /// <summary>What the node holding <paramref name="task"/>'s current lease is told when it ends (<see cref="LeaseEnded"/>); null when none holds it.</summary>
    public HolderNotice? HolderNoticeOf(TaskState task, bool? completed, string? noticeType = null, string? reason = null, bool? succeeded = null) =>
        task.NodeId is { } nodeId && task.LeaseId is { } leaseId
            ? new HolderNotice(nodeId, new LeaseEnd(
                leaseId, completed, noticeType is null ? null : new SessionNotice(noticeType, taskId, leaseId, reason, task.CorrelationId), task.Type, succeeded ?? completed))
            : null;

    public void Tell(HolderNotice? notice)
    {
        if (notice is not null)
        {
            Node(notice.NodeId).LeaseEndedAsync(notice.End).Ignore();
        }
    }

    public void ReleaseSwarmSlot(TaskState task)
    {
        if (task.SwarmId is { } swarmId)
        {
            Swarm(swarmId).ReleaseSlotAsync(taskId).Ignore();
        }
    }

    /// <summary>Frees the task's slot in each of <paramref name="lanes"/> (its concurrency key's, its queue's).</summary>
    public void ReleaseLaneSlots(IEnumerable<(string Lane, int Limit)> lanes)
    {
        foreach (var (lane, _) in lanes)
        {
            Lane(lane).ReleaseSlotAsync(taskId).Ignore();
        }
    }

    /// <summary>Asks the task's workflow, one-way, to re-check its steps now (a waiting step was asked for).</summary>
    public void RecheckWorkflow(TaskState task)
    {
        if (task.WorkflowId is { } workflowId)
        {
            grains.GetGrain<IWorkflowGrain>(workflowId).RecheckAsync().Ignore();
        }
    }

    /// <summary>Tells the task's workflow that this step ended; the workflow's reminder covers a notice lost with a silo.</summary>
    public void StepEnded(TaskState task)
    {
        if (task.WorkflowId is { } workflowId && task.Status.IsTerminal())
        {
            grains.GetGrain<IWorkflowGrain>(workflowId)
                .StepEndedAsync(new StepOutcome(taskId, task.Status, task.Attempt, task.StartedAt, task.CompletedAt, task.Error)).Ignore();
        }
    }
}

using Claw.Abstractions.Tasks;
using Claw.Grains.Events;

namespace Claw.Grains.Tasks;

/// <summary>A task's timeline entry as a row of the cluster-wide timeline (<c>task.{type}</c>); the task table adds the task id.</summary>
internal static class TaskEventOutbox
{
    public static OutboxEvent From(TaskState task, TaskEvent entry)
    {
        // How long a due task waited for a node: what the dispatch figures of the monitoring status are made of.
        long? dispatchMs = entry.Type == TaskEvents.Assigned ? (long)Math.Max(0, (entry.At - task.AvailableAt).TotalMilliseconds) : null;
        var data = EventData.Of(
            ("status", task.Status.Wire()),
            ("lease_id", entry.LeaseId),
            ("category", entry.Category),
            ("error_code", entry.ErrorCode),
            ("dispatch_ms", dispatchMs),
            ("by", entry.By)); // who caused the change (a principal id), so the cluster-wide timeline says it too
        return new OutboxEvent(
            TaskEvents.EventPrefix + entry.Type, entry.At, NodeId: entry.NodeId, WorkflowId: task.WorkflowId, SwarmId: task.SwarmId,
            Queue: task.Queue, Attempt: entry.Attempt, CorrelationId: entry.CorrelationId, Detail: entry.Detail, DataJson: data);
    }
}

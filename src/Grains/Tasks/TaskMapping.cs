using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Tasks;

namespace Claw.Grains.Tasks;

/// <summary>State → wire conversions shared by the task grain and the catalog's list queries.</summary>
internal static class TaskMapping
{
    public static TaskView ToView(this TaskState t, string id) => new(
        id, t.Queue, t.Type, t.PayloadJson, t.Priority, t.Status, t.Attempt, t.MaxRetries, t.Requirements, t.NodeId,
        t.LeaseId, t.Progress, t.ResultJson, t.Error, t.AvailableAt, t.CreatedAt, t.UpdatedAt, t.CompletedAt, t.WorkflowId,
        t.SwarmId, t.CorrelationId, t.TimeoutSeconds, t.Dispatch, t.MetadataJson, t.RetryBackoff, t.CrashRequeues,
        t.StartedAt, t.ApprovalExpiresAt);

    /// <summary>The current lease as its node receives it.</summary>
    public static Assignment ToAssignment(this TaskState t, string id) => new(
        id, t.LeaseId!, t.LeaseToken!, t.LeaseExpiresAt!.Value, t.Attempt, t.Queue, t.Type, t.Priority, t.PayloadJson, t.CorrelationId);

    public static QueueEntry ToEntry(this TaskState t, string id) => new(id, t.Priority, t.AvailableAt, t.CreatedAt, t.Requirements, t.SwarmId);

    public static void Apply(this TaskState t, TaskSubmission s)
    {
        t.Queue = s.Queue;
        t.Type = s.Type;
        t.PayloadJson = s.PayloadJson;
        t.Priority = s.Priority;
        t.Requirements = s.Requirements;
        t.TimeoutSeconds = s.TimeoutSeconds;
        t.MaxRetries = s.MaxRetries;
        t.RetryBackoff = s.RetryBackoff;
        t.WorkflowId = s.WorkflowId;
        t.SwarmId = s.SwarmId;
        t.Dispatch = s.Dispatch;
        t.MetadataJson = s.MetadataJson;
        t.CorrelationId = s.CorrelationId;
        t.IdempotencyFingerprint = s.IdempotencyFingerprint;
    }
}

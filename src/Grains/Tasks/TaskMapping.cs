using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Tasks;
using Claw.Grains.Dispatch;

namespace Claw.Grains.Tasks;

/// <summary>State → wire conversions shared by the task grain and the catalog's list queries.</summary>
internal static class TaskMapping
{
    public static TaskView ToView(this TaskState t, string id) => new(
        id, t.Queue, t.Type, t.PayloadJson, t.Priority, t.Status, t.Attempt, t.MaxRetries, t.Requirements, t.NodeId,
        t.LeaseId, t.Progress, t.ResultJson, t.Error, t.AvailableAt, t.CreatedAt, t.UpdatedAt, t.CompletedAt, t.WorkflowId,
        t.SwarmId, t.CorrelationId, t.TimeoutSeconds, t.Dispatch, t.MetadataJson, t.RetryBackoff, t.CrashRequeues,
        t.StartedAt, t.ApprovalExpiresAt, t.AssignedAt, t.ErrorCode, t.Callback?.Url, [.. t.NonRetriableCodes], t.ExpiresAt, t.ConcurrencyKey, t.ConcurrencyLimit);

    /// <summary>The current lease as its node receives it.</summary>
    public static Assignment ToAssignment(this TaskState t, string id) => new(
        id, t.LeaseId!, t.LeaseToken!, t.LeaseExpiresAt!.Value, t.Attempt, t.Queue, t.Type, t.Priority, t.PayloadJson, t.CorrelationId);

    public static QueueEntry ToEntry(this TaskState t, string id) => new(id, t.Priority, t.AvailableAt, t.CreatedAt, t.Requirements, t.SwarmId, t.Type, t.ConcurrencyKey);

    /// <summary>The concurrency lanes the task takes a slot in before it is leased.</summary>
    public static List<(string Lane, int Limit)> Lanes(this TaskState t) => ConcurrencyLanes.Of(t.Queue, t.ConcurrencyKey, t.ConcurrencyLimit, t.QueueMaxConcurrent);

    public static void Apply(this TaskState t, TaskSubmission s)
    {
        t.Queue = s.Queue;
        t.Type = s.Type;
        t.PayloadJson = s.PayloadJson;
        t.Priority = s.Priority;
        t.Requirements = AsksNothing(s.Requirements) ? TaskRequirements.None : s.Requirements;
        t.TimeoutSeconds = s.TimeoutSeconds;
        t.MaxRetries = s.MaxRetries;
        t.RetryBackoff = s.RetryBackoff;
        t.WorkflowId = s.WorkflowId;
        t.SwarmId = s.SwarmId;
        t.Dispatch = s.Dispatch;
        t.MetadataJson = s.MetadataJson;
        t.CorrelationId = s.CorrelationId;
        t.IdempotencyFingerprint = s.IdempotencyFingerprint;
        t.RequiresApproval = s.RequiresApproval;
        t.ApprovalTimeoutSeconds = s.ApprovalTimeoutSeconds;
        t.Callback = s.Callback;
        t.NonRetriableCodes = s.NonRetriableCodes is { } codes ? [.. codes.Distinct(StringComparer.Ordinal)] : [];
        t.ConcurrencyKey = s.ConcurrencyKey;
        t.ConcurrencyLimit = s.ConcurrencyKey is null ? null : s.ConcurrencyLimit;
        t.QueueMaxConcurrent = s.QueueMaxConcurrent;
    }

    /// <summary>Requirements any node meets, stored as the one instance a new task starts with, which its document leaves out.</summary>
    private static bool AsksNothing(TaskRequirements r) =>
        r.Capabilities.IsDefaultOrEmpty && r.Models.IsDefaultOrEmpty && r.Labels.Count == 0 && r.Resources == Abstractions.Nodes.NodeResources.None;
}

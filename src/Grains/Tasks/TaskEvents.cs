namespace Claw.Grains.Tasks;

/// <summary>Timeline event types (API.md / issue: created, queued, assigned, …).</summary>
public static class TaskEvents
{
    public const string Created = "created";
    public const string Queued = "queued";
    public const string Assigned = "assigned";
    public const string Started = "started";
    public const string Progress = "progress";
    public const string LeaseRenewed = "lease_renewed";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string RetryScheduled = "retry_scheduled";
    public const string LeaseExpired = "lease_expired";
    public const string LeaseRevoked = "lease_revoked";
    public const string LeaseReleased = "lease_released";
    public const string NodeCrashed = "node_crashed";
    public const string ResultRejected = "result_rejected";
    public const string Cancelled = "cancelled";
    public const string WaitingInput = "waiting_input";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Retried = "retried";

    /// <summary>The task waited past its TTL (<c>expires_at</c>) and will not run.</summary>
    public const string Expired = "expired";

    /// <summary>The prefix of a task's events in the cluster-wide timeline (<c>task.created</c>, <c>task.failed</c>, …).</summary>
    public const string EventPrefix = "task.";

    /// <summary>A workflow step was created waiting for its dependencies.</summary>
    public const string Waiting = "waiting";

    /// <summary>
    /// Events that a long task or a misbehaving node can repeat without end; of each, only the newest
    /// <see cref="MaxRepeatedEvents"/> are kept, so the task document (rewritten on every change) stays small.
    /// </summary>
    public static readonly IReadOnlySet<string> Repeatable = new HashSet<string>(StringComparer.Ordinal) { Progress, LeaseRenewed, ResultRejected };

    public const int MaxRepeatedEvents = 50;
}

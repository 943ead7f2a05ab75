namespace Claw.Grains.Tasks;

/// <summary>The task grain's log messages.</summary>
internal static partial class TaskLog
{
    [LoggerMessage(EventIds.TaskRetryScheduled, LogLevel.Information, "Task {TaskId} retries as attempt {Attempt} in {DelaySeconds:0.###} s [correlation {CorrelationId}]")]
    public static partial void RetryScheduled(this ILogger logger, string taskId, int attempt, double delaySeconds, string correlationId);

    [LoggerMessage(EventIds.TaskFailedFinally, LogLevel.Information, "Task {TaskId} failed for good on attempt {Attempt} (retriable: {Retriable}) [correlation {CorrelationId}]")]
    public static partial void FailedFinally(this ILogger logger, string taskId, int attempt, bool retriable, string correlationId);

    [LoggerMessage(EventIds.TaskRetriedByHand, LogLevel.Information, "Task {TaskId} sent back to pending as attempt {Attempt} by a retry request [correlation {CorrelationId}]")]
    public static partial void RetriedByHand(this ILogger logger, string taskId, int attempt, string correlationId);

    [LoggerMessage(EventIds.TaskApprovalTimedOut, LogLevel.Information, "Task {TaskId} rejected: its approval deadline passed [correlation {CorrelationId}]")]
    public static partial void ApprovalTimedOut(this ILogger logger, string taskId, string correlationId);

    [LoggerMessage(EventIds.TaskReserveFailed, LogLevel.Warning, "Task {TaskId}: node {NodeId} did not hold a slot for it; the task is indexed instead")]
    public static partial void ReserveFailed(this ILogger logger, string taskId, string nodeId, Exception exception);

    [LoggerMessage(EventIds.TaskStaleMemoryRead, LogLevel.Warning, "Task {TaskId} held an older state than its row's version {Version} (another activation wrote it); read again")]
    public static partial void StaleMemoryRead(this ILogger logger, string taskId, long version);

    [LoggerMessage(EventIds.LeaseExpired, LogLevel.Information, "Lease {LeaseId} of node {NodeId} expired")]
    public static partial void LeaseExpired(this ILogger logger, string leaseId, string? nodeId);

    [LoggerMessage(EventIds.LeaseRevoked, LogLevel.Information, "Lease {LeaseId} revoked: {Reason}")]
    public static partial void LeaseRevoked(this ILogger logger, string leaseId, string reason);
}

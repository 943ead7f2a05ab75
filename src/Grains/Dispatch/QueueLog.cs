namespace Claw.Grains.Dispatch;

/// <summary>The queue partition grain's log messages.</summary>
internal static partial class QueueLog
{
    [LoggerMessage(EventIds.QueueRebuilt, LogLevel.Information, "Queue partition {Partition} rebuilt with {Pending} pending tasks")]
    public static partial void Rebuilt(this ILogger logger, string partition, int pending);

    [LoggerMessage(EventIds.QueueSweep, LogLevel.Information, "Queue partition {Partition} sweep: {Overdue} overdue leases, {Recovered} pending tasks put back into the index")]
    public static partial void Swept(this ILogger logger, string partition, int overdue, int recovered);

    [LoggerMessage(EventIds.QueueReconcileFailed, LogLevel.Warning, "Queue partition {Partition} could not reconcile task {TaskId}")]
    public static partial void ReconcileFailed(this ILogger logger, string partition, string taskId, Exception exception);
}

namespace Claw.Grains.Tasks;

/// <summary>The batch submit's log events.</summary>
internal static partial class BatchLog
{
    [LoggerMessage(EventIds.BatchRaced, LogLevel.Information, "A batch of {Count} tasks met a task created meanwhile under one of its idempotency keys; it is checked again (attempt {Attempt})")]
    public static partial void BatchRaced(this ILogger logger, int count, int attempt);

    [LoggerMessage(EventIds.BatchNotIndexed, LogLevel.Warning, "{Count} tasks of a committed batch were not put into partition {Partition}'s index; its sweep puts them back")]
    public static partial void BatchNotIndexed(this ILogger logger, int count, string partition, Exception exception);
}

namespace Claw.Grains.Schedules;

/// <summary>The schedule grain's log messages.</summary>
internal static partial class ScheduleLog
{
    [LoggerMessage(EventIds.ScheduleCreated, LogLevel.Information, "Schedule {ScheduleId} created ({Spec}), next run at {NextRunAt:o} [correlation {CorrelationId}]")]
    public static partial void Created(this ILogger logger, string scheduleId, string spec, DateTimeOffset? nextRunAt, string? correlationId);

    [LoggerMessage(EventIds.ScheduleStatusChanged, LogLevel.Information, "Schedule {ScheduleId} {Action} [correlation {CorrelationId}]")]
    public static partial void StatusChanged(this ILogger logger, string scheduleId, string action, string? correlationId);

    [LoggerMessage(EventIds.ScheduleFired, LogLevel.Information, "Schedule {ScheduleId} fired {ScheduledFor:o} as task {TaskId} (replayed: {Replayed}, manual: {Manual})")]
    public static partial void Fired(this ILogger logger, string scheduleId, DateTimeOffset scheduledFor, string taskId, bool replayed, bool manual);

    [LoggerMessage(EventIds.ScheduleSkipped, LogLevel.Information, "Schedule {ScheduleId} skipped {Count} slots ({Reason})")]
    public static partial void Skipped(this ILogger logger, string scheduleId, long count, string reason);

    [LoggerMessage(EventIds.ScheduleFireFailed, LogLevel.Warning, "Schedule {ScheduleId} could not fire {ScheduledFor:o}; trying again in {RetrySeconds} s")]
    public static partial void FireFailed(this ILogger logger, string scheduleId, DateTimeOffset? scheduledFor, double retrySeconds, Exception exception);
}

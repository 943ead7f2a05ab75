using Claw.Abstractions.Tasks;

namespace Claw.Abstractions.Schedules;

/// <summary>A schedule as clients see it (API.md "Schedules").</summary>
[GenerateSerializer, Immutable, Alias("claw.schedule-view")]
public sealed record ScheduleView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Cron,
    [property: Id(3)] string TimeZone,
    [property: Id(4)] int? IntervalSeconds,
    [property: Id(5)] TaskSubmission Task,
    [property: Id(6)] OverlapPolicy OverlapPolicy,
    [property: Id(7)] int CatchupWindowSeconds,
    [property: Id(8)] ScheduleStatus Status,
    [property: Id(9)] DateTimeOffset? NextRunAt,
    [property: Id(10)] DateTimeOffset? LastRunAt,
    [property: Id(11)] string? LastTaskId,
    [property: Id(12)] DateTimeOffset? LastScheduledFor,
    [property: Id(13)] DateTimeOffset? BufferedFor,
    [property: Id(14)] long FiredCount,
    [property: Id(15)] long SkippedCount,
    [property: Id(16)] DateTimeOffset StartAt,
    [property: Id(17)] DateTimeOffset CreatedAt,
    [property: Id(18)] DateTimeOffset UpdatedAt,
    [property: Id(19)] string? MetadataJson);

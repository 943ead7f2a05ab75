using Claw.Abstractions.Tasks;

namespace Claw.Abstractions.Schedules;

/// <summary>A validated <c>POST /schedules</c>: when to fire (<see cref="Cron"/> or <see cref="IntervalSeconds"/>) and what.</summary>
[GenerateSerializer, Immutable, Alias("claw.schedule-definition")]
public sealed record ScheduleDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Cron,
    [property: Id(2)] string TimeZone,
    [property: Id(3)] int? IntervalSeconds,
    [property: Id(4)] TaskSubmission Task,
    [property: Id(5)] OverlapPolicy OverlapPolicy,
    [property: Id(6)] int CatchupWindowSeconds,
    [property: Id(7)] DateTimeOffset? StartAt,
    [property: Id(8)] bool Paused,
    [property: Id(9)] string? MetadataJson,
    [property: Id(10)] string? IdempotencyFingerprint);

using Claw.Abstractions.Schedules;
using Claw.Abstractions.Tasks;

namespace Claw.Grains.Schedules;

/// <summary>
/// The persisted schedule: its definition, and how far its slots have been handled. <see cref="Through"/> is the
/// cursor: every scheduled time up to it has been fired, skipped or buffered; the next slot is the first after it.
/// </summary>
[GenerateSerializer]
public sealed class ScheduleState
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public string? Cron { get; set; }
    [Id(2)] public string TimeZone { get; set; } = "UTC";
    [Id(3)] public int? IntervalSeconds { get; set; }
    [Id(4)] public TaskSubmission? Task { get; set; }
    [Id(5)] public OverlapPolicy OverlapPolicy { get; set; }
    [Id(6)] public int CatchupWindowSeconds { get; set; } = 60;
    [Id(7)] public DateTimeOffset StartAt { get; set; }
    [Id(8)] public ScheduleStatus Status { get; set; }
    [Id(9)] public DateTimeOffset Through { get; set; }
    [Id(10)] public DateTimeOffset? NextRunAt { get; set; }
    [Id(11)] public DateTimeOffset? LastRunAt { get; set; }
    [Id(12)] public string? LastTaskId { get; set; }
    [Id(13)] public DateTimeOffset? LastScheduledFor { get; set; }
    [Id(14)] public DateTimeOffset? BufferedFor { get; set; }
    [Id(15)] public long FiredCount { get; set; }
    [Id(16)] public long SkippedCount { get; set; }
    [Id(17)] public DateTimeOffset CreatedAt { get; set; }
    [Id(18)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(19)] public string? MetadataJson { get; set; }
    [Id(20)] public string? IdempotencyFingerprint { get; set; }

    public bool Exists => CreatedAt != default;
}

using System.Text.Json;

namespace Claw.Client.Schedules;

/// <summary>A schedule (cron or interval) and the task it submits; statuses <c>active</c> and <c>paused</c>.</summary>
public sealed record ClawSchedule(
    string Id,
    string Name,
    string? Cron,
    string TimeZone,
    int? IntervalSeconds,
    JsonElement Task,
    string OverlapPolicy,
    int CatchupWindowSeconds,
    string Status,
    DateTimeOffset? NextRunAt,
    DateTimeOffset? LastRunAt,
    string? LastTaskId,
    DateTimeOffset? LastScheduledFor,
    DateTimeOffset? BufferedFor,
    long FiredCount,
    long SkippedCount,
    DateTimeOffset StartAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    JsonElement? Metadata);

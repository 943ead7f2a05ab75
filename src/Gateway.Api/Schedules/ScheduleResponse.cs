using System.Text.Json;
using Claw.Abstractions.Schedules;
using Claw.Gateway.Http;

namespace Claw.Gateway.Schedules;

/// <summary>A schedule on the wire (API.md "Schedules").</summary>
public sealed record ScheduleResponse(
    string Id,
    string Name,
    string? Cron,
    string TimeZone,
    int? IntervalSeconds,
    TaskTemplateResponse Task,
    OverlapPolicy OverlapPolicy,
    int CatchupWindowSeconds,
    ScheduleStatus Status,
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
    JsonElement? Metadata)
{
    public static ScheduleResponse From(ScheduleView s) => new(
        s.Id, s.Name, s.Cron, s.TimeZone, s.IntervalSeconds, TaskTemplateResponse.From(s.Task), s.OverlapPolicy, s.CatchupWindowSeconds,
        s.Status, s.NextRunAt, s.LastRunAt, s.LastTaskId, s.LastScheduledFor, s.BufferedFor, s.FiredCount, s.SkippedCount, s.StartAt,
        s.CreatedAt, s.UpdatedAt, ClawJson.Raw(s.MetadataJson));
}

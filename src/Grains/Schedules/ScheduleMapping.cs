using Claw.Abstractions.Schedules;

namespace Claw.Grains.Schedules;

/// <summary>State ↔ wire conversions shared by the schedule grain and the catalog's list queries.</summary>
internal static class ScheduleMapping
{
    public static ScheduleView ToView(this ScheduleState s, string id) => new(
        id, s.Name, s.Cron, s.TimeZone, s.IntervalSeconds, s.Task!, s.OverlapPolicy, s.CatchupWindowSeconds, s.Status,
        s.Status == ScheduleStatus.Active ? s.NextRunAt : null, s.LastRunAt, s.LastTaskId, s.LastScheduledFor, s.BufferedFor,
        s.FiredCount, s.SkippedCount, s.StartAt, s.CreatedAt, s.UpdatedAt, s.MetadataJson);

    public static void Apply(this ScheduleState s, ScheduleDefinition d)
    {
        s.Name = d.Name;
        s.Cron = d.Cron;
        s.TimeZone = d.TimeZone;
        s.IntervalSeconds = d.IntervalSeconds;
        s.Task = d.Task;
        s.OverlapPolicy = d.OverlapPolicy;
        s.CatchupWindowSeconds = d.CatchupWindowSeconds;
        s.MetadataJson = d.MetadataJson;
        s.IdempotencyFingerprint = d.IdempotencyFingerprint;
    }
}

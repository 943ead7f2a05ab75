using System.Text.Json;
using Claw.Client.Tasks;

namespace Claw.Client.Schedules;

/// <summary>The body of <c>POST /schedules</c>: exactly one of <see cref="Cron"/> (5 fields) and <see cref="IntervalSeconds"/>.</summary>
public sealed record CreateScheduleRequest
{
    public string? Id { get; init; }
    public required string Name { get; init; }
    public string? Cron { get; init; }
    public string? TimeZone { get; init; }
    public int? IntervalSeconds { get; init; }
    public required SubmitTaskRequest Task { get; init; }

    /// <summary><c>skip</c>, <c>allow</c> or <c>buffer_one</c>.</summary>
    public string? OverlapPolicy { get; init; }
    public int? CatchupWindowSeconds { get; init; }
    public DateTimeOffset? StartAt { get; init; }
    public bool? Paused { get; init; }
    public JsonElement? Metadata { get; init; }
}

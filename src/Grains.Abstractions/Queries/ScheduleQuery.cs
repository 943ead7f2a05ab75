using Claw.Abstractions.Schedules;

namespace Claw.Abstractions.Queries;

/// <summary>Filters and paging of <c>GET /schedules</c>.</summary>
[GenerateSerializer, Immutable, Alias("claw.schedule-query")]
public sealed record ScheduleQuery(
    [property: Id(0)] ScheduleStatus? Status,
    [property: Id(1)] int Limit,
    [property: Id(2)] string? Cursor);

namespace Claw.Abstractions.Schedules;

/// <summary>The created schedule, and whether the call replayed an earlier one with the same key (or id) and body.</summary>
[GenerateSerializer, Immutable, Alias("claw.schedule-create-result")]
public sealed record ScheduleCreateResult([property: Id(0)] ScheduleView Schedule, [property: Id(1)] bool Replayed);

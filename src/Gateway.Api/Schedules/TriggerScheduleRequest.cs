namespace Claw.Gateway.Schedules;

/// <summary>Body of <c>POST /schedules/{id}/trigger</c>: a past scheduled time to fire again, or none for now.</summary>
public sealed record TriggerScheduleRequest(DateTimeOffset? ScheduledFor);

namespace Claw.Abstractions.Schedules;

[GenerateSerializer]
public enum ScheduleStatus
{
    Active = 0,
    Paused = 1,
}

using Claw.Abstractions.Tasks;

namespace Claw.Abstractions.Schedules;

/// <summary>
/// One schedule: a task template fired at the times of a cron expression or an interval. A reminder is its durable
/// clock, so it fires after a silo dies; every firing submits the task under an id derived from the schedule and the
/// scheduled time, so a slot fired twice is the same task.
/// </summary>
[Alias("claw.IScheduleGrain")]
public interface IScheduleGrain : IGrainWithStringKey
{
    /// <summary>Creates the schedule; a second call with the same fingerprint returns it unchanged.</summary>
    [Alias("create")]
    Task<ScheduleCreateResult> CreateAsync(ScheduleDefinition definition);

    /// <summary>The schedule, or <see langword="null"/> when none has this id.</summary>
    [Alias("get")]
    Task<ScheduleView?> GetAsync();

    /// <summary>Stops firing until resumed; <c>invalid_transition</c> when already paused.</summary>
    [Alias("pause")]
    Task<ScheduleView> PauseAsync();

    /// <summary>Fires again from now on: the slots of the pause are not caught up. <c>invalid_transition</c> when active.</summary>
    [Alias("resume")]
    Task<ScheduleView> ResumeAsync();

    /// <summary>Removes the schedule and its reminder; the tasks it fired stay.</summary>
    [Alias("delete")]
    Task DeleteAsync();

    /// <summary>
    /// Fires once now, out of band and regardless of the overlap policy: for <paramref name="scheduledFor"/> (one of the
    /// schedule's own times, fired again idempotently) or, when null, for the current time.
    /// </summary>
    [Alias("trigger")]
    Task<SubmitResult> TriggerAsync(DateTimeOffset? scheduledFor);
}

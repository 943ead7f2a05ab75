using Claw.Abstractions.Schedules;
using Claw.Abstractions.Tasks;
using Claw.Grains.Telemetry;

namespace Claw.Grains.Schedules;

/// <summary>
/// What one tick of a schedule fires: a buffered slot whose blocker ended, then the slots after the cursor up to now, in
/// order, each as the slot's own task (<see cref="ScheduleSlots"/>: firing a slot twice submits the same task twice, which
/// the task answers as a replay). The overlap policy and the catch-up window decide which (<see cref="ScheduleCursor"/>).
/// </summary>
public sealed class ScheduleFiring(IGrainFactory grains, ClawMetrics metrics, TimeProvider time, ILogger logger, string scheduleId)
{
    /// <summary>A long downtime catches up in ticks of this many firings each, the next one right after.</summary>
    private const int MaxFiringsPerTick = 100;

    public async Task FireDueAsync(ScheduleState schedule, ScheduleClock clock, DateTimeOffset now, DateTimeOffset liveSince)
    {
        bool? running = null; // whether the last fired task is still running; asked at most once per tick
        if (schedule.BufferedFor is { } buffered && !(running ??= await LastTaskRunningAsync(schedule)))
        {
            running = await FireAsync(schedule, buffered);
            schedule.BufferedFor = null;
        }

        if (ScheduleCursor.SkipMissed(schedule, clock, now, liveSince) is var missed and > 0)
        {
            Skipped(schedule, missed, "missed");
        }

        for (var fired = 0; fired < MaxFiringsPerTick && clock.Next(schedule.Through) is { } slot && slot <= now; fired++)
        {
            if (schedule.OverlapPolicy == OverlapPolicy.Allow || !(running ??= await LastTaskRunningAsync(schedule)))
            {
                running = await FireAsync(schedule, slot);
            }
            else if (!ScheduleCursor.Buffer(schedule, slot))
            {
                Skipped(schedule, 1, "overlap");
            }

            schedule.Through = slot;
        }
    }

    /// <summary>Submits the slot's task (a replay when it exists) and records it as the last firing (a manual replay is not one).</summary>
    public async Task<SubmitResult> SubmitAsync(ScheduleState schedule, DateTimeOffset slot, bool manual, string? correlationId)
    {
        var taskId = ScheduleSlots.TaskId(scheduleId, schedule.CreatedAt, slot);
        var submission = ScheduleSlots.Submission(schedule.Task!, scheduleId, schedule.CreatedAt, slot, manual, correlationId ?? taskId);
        var result = await grains.GetGrain<ITaskGrain>(taskId).SubmitAsync(submission);
        if (!(manual && result.Replayed))
        {
            schedule.FiredCount++;
            schedule.LastRunAt = time.GetUtcNow();
            schedule.LastTaskId = taskId;
            schedule.LastScheduledFor = slot;
            metrics.SchedulesFired.Add(1, new KeyValuePair<string, object?>("queue", schedule.Task!.Queue));
        }

        logger.Fired(scheduleId, slot, taskId, result.Replayed, manual);
        return result;
    }

    public void Skipped(ScheduleState schedule, long count, string reason)
    {
        schedule.SkippedCount += count;
        metrics.SchedulesSkipped.Add(count, new KeyValuePair<string, object?>("reason", reason));
        logger.Skipped(scheduleId, count, reason);
    }

    /// <summary>Fires one slot of the schedule; answers whether its task is still running.</summary>
    private async Task<bool> FireAsync(ScheduleState schedule, DateTimeOffset slot) =>
        !(await SubmitAsync(schedule, slot, manual: false, correlationId: null)).Task.Status.IsTerminal();

    private async Task<bool> LastTaskRunningAsync(ScheduleState schedule) =>
        schedule.LastTaskId is { } id && await grains.GetGrain<ITaskGrain>(id).GetAsync() is { } task && !task.Status.IsTerminal();
}

using Claw.Abstractions.Schedules;

namespace Claw.Grains.Schedules;

/// <summary>
/// The rules of a schedule's cursor (<see cref="ScheduleState.Through"/>, every slot up to it handled): where it starts,
/// which slots a tick skips as missed, what the overlap policy does with a due slot while the last task runs, and when
/// the next tick comes. The grain fires, writes and arms its timer; what it decides is here.
/// </summary>
public static class ScheduleCursor
{
    /// <summary>The longest a reminder waits between ticks, whatever the schedule: the bound on how late a lost timer is noticed.</summary>
    public static readonly TimeSpan MaxBackstopPeriod = TimeSpan.FromMinutes(1);

    /// <summary>How often a buffered slot checks whether the running task has ended.</summary>
    public static readonly TimeSpan BufferCheck = TimeSpan.FromSeconds(1);

    /// <summary>How long a tick that could not submit (storage or cluster trouble) waits before trying again.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>Slots are exact to the millisecond, the precision of the API's timestamps and of the derived task ids.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    /// <summary>Starts (or restarts) the clock at <paramref name="now"/>: slots before now are not caught up, nor before <c>start_at</c>.</summary>
    public static void Begin(ScheduleState schedule, ScheduleClock clock, DateTimeOffset now, ScheduleStatus status)
    {
        schedule.Status = status;
        var beforeStart = schedule.StartAt.AddTicks(-1);
        schedule.Through = beforeStart > now ? beforeStart : now;
        schedule.NextRunAt = status == ScheduleStatus.Active ? clock.Next(schedule.Through) : null;
    }

    /// <summary>
    /// Moves the cursor past the slots that came due before <paramref name="liveSince"/> (while no activation watched)
    /// and before the catch-up window; how many it skipped.
    /// </summary>
    public static long SkipMissed(ScheduleState schedule, ScheduleClock clock, DateTimeOffset now, DateTimeOffset liveSince)
    {
        var window = now - TimeSpan.FromSeconds(schedule.CatchupWindowSeconds);
        var skipBefore = window < liveSince ? window : liveSince;
        var missed = clock.CountBetween(schedule.Through, skipBefore);
        if (missed > 0)
        {
            schedule.Through = skipBefore.AddTicks(-1);
        }

        return missed;
    }

    /// <summary>
    /// A slot came due while the last task still runs and the policy does not allow overlap: <c>buffer_one</c> keeps it
    /// (true) when no slot waits yet; otherwise it is skipped (false).
    /// </summary>
    public static bool Buffer(ScheduleState schedule, DateTimeOffset slot)
    {
        if (schedule.OverlapPolicy != OverlapPolicy.BufferOne || schedule.BufferedFor is not null)
        {
            return false;
        }

        schedule.BufferedFor = slot;
        return true;
    }

    /// <summary>When the next tick comes: the next run, sooner while a slot is buffered, not sooner than a retry after a failure.</summary>
    public static DateTimeOffset? WakeAt(ScheduleState schedule, DateTimeOffset now, bool retrying)
    {
        var wake = schedule.NextRunAt;
        if (schedule.BufferedFor is not null && (wake is null || wake > now + BufferCheck))
        {
            wake = now + BufferCheck;
        }

        return retrying && wake < now + RetryDelay ? now + RetryDelay : wake;
    }

    /// <summary>The backstop reminder's period: the interval, but at most a minute (Orleans' minimum is applied when it is registered).</summary>
    public static TimeSpan BackstopPeriod(int? intervalSeconds) =>
        intervalSeconds is { } seconds && TimeSpan.FromSeconds(seconds) < MaxBackstopPeriod ? TimeSpan.FromSeconds(seconds) : MaxBackstopPeriod;

    /// <summary>True when <paramref name="slot"/> may be triggered by hand: one of the schedule's times, not before its start and not in the future.</summary>
    public static bool IsPastSlot(ScheduleState schedule, ScheduleClock clock, DateTimeOffset slot, DateTimeOffset now) =>
        slot <= now && slot >= schedule.StartAt && clock.IsSlot(slot);
}

using Claw.Abstractions.Schedules;
using Claw.Grains.Schedules;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

public sealed class ScheduleCursorTests
{
    private static readonly ScheduleClock EveryMinute = ScheduleClock.Create(null, "UTC", 60, T0);

    [Fact]
    public void Beginning_starts_the_cursor_at_now_or_just_before_a_later_start()
    {
        var now = Schedule(startAt: T0);
        ScheduleCursor.Begin(now, EveryMinute, T0.AddSeconds(30), ScheduleStatus.Active);
        Assert.Equal((T0.AddSeconds(30), T0.AddMinutes(1)), (now.Through, now.NextRunAt!.Value));

        var later = Schedule(startAt: T0.AddHours(1));
        ScheduleCursor.Begin(later, ScheduleClock.Create(null, "UTC", 60, T0.AddHours(1)), T0, ScheduleStatus.Active);
        Assert.Equal(T0.AddHours(1), later.NextRunAt); // the start itself is the first slot

        var paused = Schedule(startAt: T0);
        ScheduleCursor.Begin(paused, EveryMinute, T0, ScheduleStatus.Paused);
        Assert.Null(paused.NextRunAt);
    }

    [Fact]
    public void Slots_missed_while_nobody_watched_and_before_the_window_are_skipped_the_rest_caught_up()
    {
        var schedule = Schedule(startAt: T0, catchupSeconds: 120);
        schedule.Through = T0;
        var now = T0.AddMinutes(10);
        Assert.Equal(7, ScheduleCursor.SkipMissed(schedule, EveryMinute, now, liveSince: now)); // minutes 1..7 are older than 2 min
        Assert.Equal(T0.AddMinutes(8), EveryMinute.Next(schedule.Through)); // 8, 9 and 10 are fired
        Assert.Equal(0, ScheduleCursor.SkipMissed(schedule, EveryMinute, now, liveSince: now));
    }

    [Fact]
    public void Slots_that_came_due_while_the_grain_watched_are_fired_late_not_skipped()
    {
        var schedule = Schedule(startAt: T0, catchupSeconds: 0);
        schedule.Through = T0;
        Assert.Equal(0, ScheduleCursor.SkipMissed(schedule, EveryMinute, T0.AddMinutes(5), liveSince: T0));
        Assert.Equal(T0, schedule.Through);
    }

    [Fact]
    public void Buffer_one_keeps_one_waiting_slot_and_every_other_policy_skips()
    {
        var buffer = Schedule(policy: OverlapPolicy.BufferOne);
        Assert.True(ScheduleCursor.Buffer(buffer, T0.AddMinutes(1)));
        Assert.False(ScheduleCursor.Buffer(buffer, T0.AddMinutes(2)));
        Assert.Equal(T0.AddMinutes(1), buffer.BufferedFor);
        Assert.False(ScheduleCursor.Buffer(Schedule(policy: OverlapPolicy.Skip), T0));
    }

    [Fact]
    public void The_next_tick_is_the_next_run_sooner_while_a_slot_waits_and_not_sooner_than_a_retry()
    {
        var schedule = Schedule();
        schedule.NextRunAt = T0.AddMinutes(1);
        Assert.Equal(T0.AddMinutes(1), ScheduleCursor.WakeAt(schedule, T0, retrying: false));
        schedule.BufferedFor = T0;
        Assert.Equal(T0 + ScheduleCursor.BufferCheck, ScheduleCursor.WakeAt(schedule, T0, retrying: false));
        Assert.Equal(T0 + ScheduleCursor.RetryDelay, ScheduleCursor.WakeAt(schedule, T0, retrying: true));
        schedule.NextRunAt = null;
        schedule.BufferedFor = null;
        Assert.Null(ScheduleCursor.WakeAt(schedule, T0, retrying: true)); // a cron that ended: nothing to wake for
    }

    [Fact]
    public void The_backstop_reminder_comes_every_interval_but_at_least_once_a_minute()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), ScheduleCursor.BackstopPeriod(5));
        Assert.Equal(TimeSpan.FromMinutes(1), ScheduleCursor.BackstopPeriod(3600));
        Assert.Equal(TimeSpan.FromMinutes(1), ScheduleCursor.BackstopPeriod(null));
    }

    [Fact]
    public void Only_a_past_slot_of_the_schedule_since_its_start_can_be_triggered_by_hand()
    {
        var schedule = Schedule(startAt: T0);
        Assert.True(ScheduleCursor.IsPastSlot(schedule, EveryMinute, T0.AddMinutes(2), now: T0.AddMinutes(2)));
        Assert.False(ScheduleCursor.IsPastSlot(schedule, EveryMinute, T0.AddMinutes(3), now: T0.AddMinutes(2)));
        Assert.False(ScheduleCursor.IsPastSlot(schedule, EveryMinute, T0.AddSeconds(90), now: T0.AddMinutes(2)));
        Assert.False(ScheduleCursor.IsPastSlot(schedule, EveryMinute, T0.AddMinutes(-1), now: T0.AddMinutes(2)));
    }

    [Fact]
    public void Slot_times_are_cut_to_the_millisecond()
    {
        Assert.Equal(T0.AddMilliseconds(1), ScheduleCursor.Truncate(T0.AddTicks(19_999)));
    }

    private static ScheduleState Schedule(DateTimeOffset? startAt = null, int catchupSeconds = 60, OverlapPolicy policy = OverlapPolicy.Skip) => new()
    {
        StartAt = startAt ?? T0,
        CatchupWindowSeconds = catchupSeconds,
        OverlapPolicy = policy,
        IntervalSeconds = 60,
        CreatedAt = T0,
    };
}

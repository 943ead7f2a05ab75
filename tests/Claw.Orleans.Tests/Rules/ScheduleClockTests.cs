using Claw.Abstractions.Errors;
using Claw.Grains.Schedules;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

public sealed class ScheduleClockTests
{
    [Fact]
    public void An_interval_clock_ticks_from_its_anchor_and_the_anchor_is_the_first_slot()
    {
        var clock = ScheduleClock.Create(null, "UTC", 10, T0);
        Assert.Equal(T0, clock.Next(T0.AddDays(-1)));
        Assert.Equal(T0.AddSeconds(10), clock.Next(T0));
        Assert.Equal(T0.AddSeconds(20), clock.Next(T0.AddSeconds(10)));
        Assert.True(clock.IsSlot(T0.AddSeconds(30)));
        Assert.False(clock.IsSlot(T0.AddSeconds(31)));
    }

    [Fact]
    public void Counting_slots_between_two_times_excludes_both_ends()
    {
        var clock = ScheduleClock.Create(null, "UTC", 10, T0);
        Assert.Equal(2, clock.CountBetween(T0, T0.AddSeconds(30))); // 10 and 20
        Assert.Equal(3, clock.CountBetween(T0, T0.AddSeconds(30).AddTicks(1)));
        Assert.Equal(0, clock.CountBetween(T0, T0.AddSeconds(10)));
        Assert.Equal(8640, clock.CountBetween(T0.AddTicks(-1), T0.AddDays(1)));
    }

    [Fact]
    public void A_cron_clock_follows_its_time_zone_across_a_daylight_saving_change()
    {
        // 09:00 in Berlin is 08:00 UTC in winter and 07:00 UTC in summer (clocks went forward on 29 March 2026).
        var clock = ScheduleClock.Create("0 9 * * *", "Europe/Berlin", null, T0);
        Assert.Equal(new DateTimeOffset(2026, 3, 28, 8, 0, 0, TimeSpan.Zero), clock.Next(new DateTimeOffset(2026, 3, 28, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 7, 0, 0, TimeSpan.Zero), clock.Next(new DateTimeOffset(2026, 3, 30, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(31, clock.CountBetween(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("not a cron", "UTC", null, "cron")]
    [InlineData("* * * * *", "Mars/Olympus", null, "time_zone")]
    [InlineData(null, "UTC", 0, "interval")]
    public void A_clock_that_cannot_be_built_is_a_validation_error_naming_the_field(string? cron, string zone, int? interval, string field)
    {
        var error = Assert.Throws<ClawException>(() => ScheduleClock.Create(cron, zone, interval, T0));
        Assert.Equal(("validation_failed", 400), (error.Code, error.Status));
        Assert.Contains(field, error.Message);
    }
}

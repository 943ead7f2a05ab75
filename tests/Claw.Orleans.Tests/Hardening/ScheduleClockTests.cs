using Claw.Abstractions.Errors;
using Claw.Grains.Schedules;

namespace Claw.Tests.Hardening;

/// <summary>Issue 16: the schedule grain's clock judges cron and time zone and names each bad field, as the gateway's rules do.</summary>
public sealed class ScheduleClockTests
{
    private static readonly DateTimeOffset Anchor = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("61 * * * *", "UTC", null, "cron")]
    [InlineData("* * * * * *", "UTC", null, "cron")]
    [InlineData("0 0 30 2 *", "UTC", null, "cron")]
    [InlineData("0 9 * * *", "Mars/Olympus_Mons", null, "time_zone")]
    [InlineData(null, "UTC", 0, "interval_seconds")]
    [InlineData(null, "Nowhere/At_All", 60, "time_zone")]
    public void A_definition_it_cannot_keep_is_refused_naming_the_field(string? cron, string zone, int? interval, string field)
    {
        var refused = Assert.Throws<ClawException>(() => ScheduleClock.Create(cron, zone, interval, Anchor));
        Assert.Equal(ErrorCodes.ValidationFailed, refused.Code);
        Assert.True(refused.Errors!.ContainsKey(field), string.Join(", ", refused.Errors.Keys));
    }

    [Fact]
    public void Both_fields_are_named_when_both_are_wrong()
    {
        var refused = Assert.Throws<ClawException>(() => ScheduleClock.Create("nope", "Nowhere/At_All", null, Anchor));
        Assert.Equal(["cron", "time_zone"], refused.Errors!.Keys.Order());
    }

    [Fact]
    public void A_good_definition_keeps_its_slots()
    {
        var clock = ScheduleClock.Create("30 9 * * 1-5", "Europe/Berlin", null, Anchor);
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 7, 30, 0, TimeSpan.Zero), clock.Next(Anchor));
    }
}

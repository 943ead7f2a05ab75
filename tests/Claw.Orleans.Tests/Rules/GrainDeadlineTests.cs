using Claw.Grains.Timing;

namespace Claw.Tests.Rules;

public sealed class GrainDeadlineTests
{
    [Fact]
    public void A_backstop_reminder_never_comes_more_often_than_orleans_allows()
    {
        var minimum = TimeSpan.FromSeconds(5);
        Assert.Equal(minimum, GrainDeadline.ReminderPeriod(TimeSpan.FromSeconds(1), minimum));
        Assert.Equal(TimeSpan.FromMinutes(1), GrainDeadline.ReminderPeriod(TimeSpan.FromMinutes(1), minimum));
        Assert.Equal(minimum, GrainDeadline.ReminderPeriod(minimum, minimum));
    }

    [Fact]
    public void A_timer_for_a_passed_deadline_fires_at_once_and_one_far_away_within_the_hour()
    {
        Assert.Equal(TimeSpan.Zero, GrainDeadline.TimerDue(TimeSpan.FromSeconds(-3)));
        Assert.Equal(TimeSpan.FromSeconds(3), GrainDeadline.TimerDue(TimeSpan.FromSeconds(3)));
        Assert.Equal(GrainDeadline.MaxTimerDue, GrainDeadline.TimerDue(TimeSpan.FromDays(90)));
    }
}

using Claw.Grains.Nodes;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

public sealed class NodeLivenessTests
{
    private static readonly TimeSpan CrashAfter = TimeSpan.FromSeconds(2);

    [Fact]
    public void Heartbeats_every_800_ms_keep_a_node_alive_against_a_2_s_crash_after_at_every_check()
    {
        var liveness = new NodeLiveness(T0);
        var check = NodeLiveness.CheckPeriod(CrashAfter);
        var beat = TimeSpan.FromMilliseconds(800);
        var nextBeat = T0 + beat;
        for (var now = T0; now <= T0.AddMinutes(1); now += check)
        {
            while (nextBeat <= now)
            {
                liveness.Seen(nextBeat);
                nextBeat += beat;
            }

            Assert.Null(liveness.Crashed(now, CrashAfter));
        }
    }

    [Fact]
    public void Silence_for_crash_after_is_a_crash_and_a_moment_less_is_not()
    {
        var liveness = new NodeLiveness(T0);
        liveness.Seen(T0.AddSeconds(10));
        Assert.Null(liveness.Crashed(T0.AddSeconds(12).AddTicks(-1), CrashAfter));
        Assert.Equal(CrashAfter, liveness.Crashed(T0.AddSeconds(12), CrashAfter));
        Assert.Equal(TimeSpan.FromSeconds(7), liveness.Crashed(T0.AddSeconds(17), CrashAfter));
    }

    [Fact]
    public void A_fresh_activation_grants_a_full_crash_after_from_its_start()
    {
        var liveness = new NodeLiveness(T0.AddHours(1));
        Assert.Null(liveness.Crashed(T0.AddHours(1).AddSeconds(1.9), CrashAfter));
        Assert.NotNull(liveness.Crashed(T0.AddHours(1).AddSeconds(2), CrashAfter));
    }

    [Fact]
    public void A_node_blocked_in_a_long_poll_is_alive_however_long_it_waits_and_silent_after_it()
    {
        var liveness = new NodeLiveness(T0);
        liveness.PollStarted();
        Assert.Null(liveness.Crashed(T0.AddSeconds(30), CrashAfter));
        liveness.PollEnded();
        Assert.Null(liveness.Crashed(T0.AddSeconds(31), CrashAfter));
        Assert.NotNull(liveness.Crashed(T0.AddSeconds(32), CrashAfter));
    }

    [Fact]
    public void The_timer_checks_four_times_per_crash_after_and_the_backstop_twice()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(500), NodeLiveness.CheckPeriod(CrashAfter));
        Assert.Equal(TimeSpan.FromSeconds(1), NodeLiveness.BackstopPeriod(CrashAfter));
        Assert.Equal(TimeSpan.FromMilliseconds(100), NodeLiveness.CheckPeriod(TimeSpan.FromMilliseconds(200)));
    }
}

using Claw.Abstractions.Swarms;
using Claw.Grains.Swarms;

namespace Claw.Tests.Rules;

public sealed class SwarmHealthJudgeTests
{
    private static readonly HealthThresholds Thresholds = new(UnhealthyFailureRate: 0.6, DegradedFailureRate: 0.25, DegradedOnlineRatio: 0.5, WindowSeconds: 300);

    [Fact]
    public void All_members_online_and_few_failures_is_healthy()
    {
        var (status, reasons) = SwarmHealthJudge.Judge(Thresholds, online: 3, members: 3, failureRate: 0.1);
        Assert.Equal(HealthStatus.Healthy, status);
        Assert.Empty(reasons);
    }

    [Fact]
    public void A_failure_rate_at_a_threshold_crosses_it()
    {
        Assert.Equal(HealthStatus.Degraded, SwarmHealthJudge.Judge(Thresholds, 2, 2, 0.25).Status);
        Assert.Equal(HealthStatus.Unhealthy, SwarmHealthJudge.Judge(Thresholds, 2, 2, 0.6).Status);
        Assert.Equal("33 % of the tasks that ended in the last 300 s failed", SwarmHealthJudge.Judge(Thresholds, 2, 2, 1 / 3.0).Reasons.Single());
    }

    [Fact]
    public void Fewer_than_the_ratio_online_is_degraded_and_none_online_unhealthy_worst_reason_first()
    {
        Assert.Equal((HealthStatus.Degraded, "1 of 3 members online"), Single(SwarmHealthJudge.Judge(Thresholds, 1, 3, 0)));
        Assert.Equal(HealthStatus.Healthy, SwarmHealthJudge.Judge(Thresholds, 2, 4, 0).Status); // exactly half
        var (status, reasons) = SwarmHealthJudge.Judge(Thresholds, online: 0, members: 2, failureRate: 0.3);
        Assert.Equal(HealthStatus.Unhealthy, status);
        Assert.Equal("no member is online", reasons[0]);
        Assert.Equal(2, reasons.Length);
        Assert.Equal("the swarm has no members", SwarmHealthJudge.Judge(Thresholds, 0, 0, 0).Reasons.Single());
    }

    [Fact]
    public void No_ended_task_is_no_failure_even_with_zero_thresholds()
    {
        Assert.Equal(0, SwarmHealthJudge.FailureRate(0, 0));
        Assert.Equal(0.25, SwarmHealthJudge.FailureRate(3, 1));
        Assert.Equal(HealthStatus.Healthy, SwarmHealthJudge.Judge(new HealthThresholds(0, 0, 0, 60), 1, 1, 0).Status);
    }

    private static (HealthStatus, string) Single((HealthStatus Status, System.Collections.Immutable.ImmutableArray<string> Reasons) verdict) =>
        (verdict.Status, verdict.Reasons.Single());
}

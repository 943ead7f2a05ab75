using System.Collections.Immutable;
using System.Globalization;
using Claw.Abstractions.Swarms;

namespace Claw.Grains.Swarms;

/// <summary>How healthy a swarm is, judged by its own thresholds: members online and the failure rate of recent tasks.</summary>
public static class SwarmHealthJudge
{
    /// <summary>Failed ÷ ended tasks; 0 when none ended.</summary>
    public static double FailureRate(int completed, int failed) => completed + failed == 0 ? 0 : (double)failed / (completed + failed);

    /// <summary>The verdict and every reason for it, worst first.</summary>
    public static (HealthStatus Status, ImmutableArray<string> Reasons) Judge(HealthThresholds t, int online, int members, double failureRate)
    {
        var unhealthy = new List<string>();
        var degraded = new List<string>();
        if (online == 0)
        {
            unhealthy.Add(members == 0 ? "the swarm has no members" : "no member is online");
        }
        else if (online < members * t.DegradedOnlineRatio)
        {
            degraded.Add($"{online} of {members} members online");
        }

        var rate = string.Create(CultureInfo.InvariantCulture, $"{failureRate:P0} of the tasks that ended in the last {t.WindowSeconds} s failed");
        if (failureRate >= t.UnhealthyFailureRate && failureRate > 0)
        {
            unhealthy.Add(rate);
        }
        else if (failureRate >= t.DegradedFailureRate && failureRate > 0)
        {
            degraded.Add(rate);
        }

        var status = unhealthy.Count > 0 ? HealthStatus.Unhealthy : degraded.Count > 0 ? HealthStatus.Degraded : HealthStatus.Healthy;
        return (status, [.. unhealthy, .. degraded]);
    }
}

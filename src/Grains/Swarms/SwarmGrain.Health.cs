using System.Collections.Immutable;
using Claw.Abstractions.Swarms;

namespace Claw.Grains.Swarms;

/// <summary><c>GET /swarms/{id}/health</c>: members, leases, queue depth and recent failures, judged by the swarm's thresholds.</summary>
public sealed partial class SwarmGrain
{
    public async Task<SwarmHealth> GetHealthAsync()
    {
        EnsureExists();
        var now = time.GetUtcNow();
        var thresholds = S.Spec!.Thresholds;
        var since = now.AddSeconds(-thresholds.WindowSeconds);
        var members = await SwarmQueries.MembersAsync(database, SwarmId);
        var counts = await SwarmQueries.CountsAsync(database, SwarmId, since);
        int Count(string status) => counts.GetValueOrDefault(status);

        var online = members.Where(m => m.Status != "offline").Select(m => m.Id).ToImmutableArray();
        var offline = members.Where(m => m.Status == "offline").Select(m => m.Id).ToImmutableArray();
        var (completed, failed) = (Count("completed"), Count("failed"));
        var failureRate = completed + failed == 0 ? 0 : (double)failed / (completed + failed);
        var failures = failed == 0 ? [] : (await SwarmQueries.RecentFailuresAsync(database, SwarmId, since, RecentFailureIds)).ToImmutableArray();
        var (status, reasons) = Judge(thresholds, online.Length, members.Count, failureRate);
        return new SwarmHealth(
            SwarmId, status, S.Status, online, offline, Count("assigned") + Count("in_progress"), Count("pending"),
            completed, failed, Math.Round(failureRate, 4), failures, reasons, thresholds, now);
    }

    /// <summary>The verdict and every reason for it, worst first.</summary>
    internal static (HealthStatus Status, ImmutableArray<string> Reasons) Judge(HealthThresholds t, int online, int members, double failureRate)
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

        var rate = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{failureRate:P0} of the tasks that ended in the last {t.WindowSeconds} s failed");
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

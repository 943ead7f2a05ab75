using System.Collections.Immutable;
using Claw.Abstractions.Swarms;
using Claw.Grains.Storage;

namespace Claw.Grains.Swarms;

/// <summary><c>GET /swarms/{id}/health</c>: members, leases, queue depth and recent failures, read from the tables and judged by <see cref="SwarmHealthJudge"/>.</summary>
internal static class SwarmHealthReport
{
    private const int RecentFailureIds = 10;

    public static async Task<SwarmHealth> ReadAsync(ClawDatabase database, string swarmId, SwarmState swarm, DateTimeOffset now)
    {
        var thresholds = swarm.Spec!.Thresholds;
        var since = now.AddSeconds(-thresholds.WindowSeconds);
        var members = await SwarmQueries.MembersAsync(database, swarmId);
        var counts = await SwarmQueries.CountsAsync(database, swarmId, since);
        int Count(string status) => counts.GetValueOrDefault(status);

        var online = members.Where(m => m.Status != "offline").Select(m => m.Id).ToImmutableArray();
        var offline = members.Where(m => m.Status == "offline").Select(m => m.Id).ToImmutableArray();
        var (completed, failed) = (Count("completed"), Count("failed"));
        var failureRate = SwarmHealthJudge.FailureRate(completed, failed);
        var failures = failed == 0 ? [] : (await SwarmQueries.RecentFailuresAsync(database, swarmId, since, RecentFailureIds)).ToImmutableArray();
        var (status, reasons) = SwarmHealthJudge.Judge(thresholds, online.Length, members.Count, failureRate);
        return new SwarmHealth(
            swarmId, status, swarm.Status, online, offline, Count("assigned") + Count("in_progress"), Count("pending"),
            completed, failed, Math.Round(failureRate, 4), failures, reasons, thresholds, now);
    }
}

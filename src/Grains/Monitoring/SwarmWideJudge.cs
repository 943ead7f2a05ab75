using System.Collections.Immutable;
using Claw.Abstractions.Monitoring;
using Claw.Abstractions.Swarms;

namespace Claw.Grains.Monitoring;

/// <summary>
/// The swarm-wide health verdict: unhealthy when a swarm is unhealthy or due tasks wait with no node online; degraded
/// when a swarm is degraded or leases are past their deadline (the sweep re-drives them, but something is slow).
/// </summary>
public static class SwarmWideJudge
{
    /// <summary>Active swarms whose own health is asked, at most.</summary>
    public const int MaxSwarmsJudged = 200;

    public static SwarmWideHealth Judge(TableFigures tables, IReadOnlyList<SwarmHealth> swarms, DateTimeOffset now)
    {
        var unhealthy = swarms.Where(s => s.Status == HealthStatus.Unhealthy).Select(s => s.SwarmId).ToImmutableArray();
        var degraded = swarms.Count(s => s.Status == HealthStatus.Degraded);
        var bad = new List<string>();
        var weak = new List<string>();
        if (unhealthy.Length > 0)
        {
            bad.Add($"{unhealthy.Length} swarms unhealthy");
        }

        if (tables.Due > 0 && tables.NodesOnline == 0)
        {
            bad.Add($"{tables.Due} due tasks and no node online to run them");
        }

        if (degraded > 0)
        {
            weak.Add($"{degraded} swarms degraded");
        }

        if (tables.OverdueLeases > 0)
        {
            weak.Add($"{tables.OverdueLeases} leases past their deadline");
        }

        var status = bad.Count > 0 ? HealthStatus.Unhealthy : weak.Count > 0 ? HealthStatus.Degraded : HealthStatus.Healthy;
        var byHealth = swarms.GroupBy(s => s.Status.Wire()).ToImmutableDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new SwarmWideHealth(
            status, now, [.. bad, .. weak], tables.SwarmsByStatus.ToImmutableDictionary(StringComparer.Ordinal), swarms.Count, byHealth, unhealthy,
            tables.NodesByStatus.ToImmutableDictionary(StringComparer.Ordinal), [.. tables.Queues], tables.ActiveLeases, tables.OverdueLeases);
    }
}

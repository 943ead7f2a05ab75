using System.Collections.Immutable;
using Claw.Abstractions.Monitoring;

namespace Claw.Gateway.Monitoring;

/// <summary><c>GET /swarm/health</c>: health across swarms, nodes (by status), queues and leases.</summary>
public sealed record SwarmWideHealthResponse(
    string Status,
    DateTimeOffset CheckedAt,
    ImmutableArray<string> Reasons,
    SwarmCountsResponse Swarms,
    ImmutableDictionary<string, int> Nodes,
    ImmutableArray<QueueHealthResponse> Queues,
    LeaseCountsResponse Leases)
{
    public static SwarmWideHealthResponse From(SwarmWideHealth h) => new(
        h.Status.Wire(), h.CheckedAt, h.Reasons,
        new SwarmCountsResponse(h.SwarmsByStatus.Values.Sum(), h.SwarmsByStatus, h.SwarmsJudged, h.SwarmsByHealth, h.UnhealthySwarms),
        h.NodesByStatus,
        [.. h.Queues.Select(q => new QueueHealthResponse(q.Queue, q.Pending, q.Due, q.Leased, q.OldestDueSeconds))],
        new LeaseCountsResponse(h.ActiveLeases, h.OverdueLeases));
}

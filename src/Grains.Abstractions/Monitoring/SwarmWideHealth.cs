using System.Collections.Immutable;
using Claw.Abstractions.Swarms;

namespace Claw.Abstractions.Monitoring;

/// <summary>
/// <c>GET /swarm/health</c>: health across swarms, nodes, queues and leases. Swarm verdicts are each swarm's own
/// (<c>GET /swarms/{id}/health</c>), for up to <see cref="SwarmsJudged"/> active swarms.
/// </summary>
[GenerateSerializer, Immutable, Alias("claw.swarm-wide-health")]
public sealed record SwarmWideHealth(
    [property: Id(0)] HealthStatus Status,
    [property: Id(1)] DateTimeOffset CheckedAt,
    [property: Id(2)] ImmutableArray<string> Reasons,
    [property: Id(3)] ImmutableDictionary<string, int> SwarmsByStatus,
    [property: Id(4)] int SwarmsJudged,
    [property: Id(5)] ImmutableDictionary<string, int> SwarmsByHealth,
    [property: Id(6)] ImmutableArray<string> UnhealthySwarms,
    [property: Id(7)] ImmutableDictionary<string, int> NodesByStatus,
    [property: Id(8)] ImmutableArray<QueueHealth> Queues,
    [property: Id(9)] int ActiveLeases,
    [property: Id(10)] int OverdueLeases);

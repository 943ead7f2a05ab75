using System.Collections.Immutable;
using Claw.Abstractions.Swarms;

namespace Claw.Abstractions.Monitoring;

/// <summary>
/// <c>GET /swarm/monitoring/status</c>: storage, cluster, dispatch, leases, sockets, gateways, instances and the IP
/// pool, each judged by the thresholds in force; the overall verdict is the worst of them.
/// </summary>
[GenerateSerializer, Immutable, Alias("claw.monitoring-status")]
public sealed record MonitoringStatus(
    [property: Id(0)] HealthStatus Status,
    [property: Id(1)] DateTimeOffset CheckedAt,
    [property: Id(2)] int WindowSeconds,
    [property: Id(3)] ImmutableArray<SubsystemStatus> Subsystems,
    [property: Id(4)] AlertThresholds Thresholds);

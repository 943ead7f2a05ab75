using System.Collections.Immutable;
using Claw.Abstractions.Instances;
using Claw.Abstractions.WireGuard;

namespace Claw.Abstractions.OpenClaw;

/// <summary>
/// <c>GET /openclaw/status</c>: every gateway and instance with its state, and the WireGuard pool's figures; what a
/// monitoring view reports for gateways, instances and the IP pool.
/// </summary>
[GenerateSerializer, Immutable, Alias("claw.openclaw.status")]
public sealed record OpenClawStatus(
    [property: Id(0)] ImmutableArray<GatewayView> Gateways,
    [property: Id(1)] ImmutableArray<InstanceView> Instances,
    [property: Id(2)] PoolStats Pool,
    [property: Id(3)] DateTimeOffset CheckedAt);

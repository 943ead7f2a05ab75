namespace Claw.Abstractions.WireGuard;

/// <summary>One node's address in the pool and the wg-quick <c>[Peer]</c> block that admits it.</summary>
[GenerateSerializer, Immutable, Alias("claw.wireguard-peer")]
public sealed record WireGuardPeer(
    [property: Id(0)] string NodeId,
    [property: Id(1)] string Address,
    [property: Id(2)] string PublicKey,
    [property: Id(3)] string Config,
    [property: Id(4)] DateTimeOffset AllocatedAt);

/// <summary><c>GET /wireguard/pool/stats</c>.</summary>
[GenerateSerializer, Immutable, Alias("claw.wireguard-pool-stats")]
public sealed record PoolStats(
    [property: Id(0)] string Cidr,
    [property: Id(1)] int Size,
    [property: Id(2)] int Allocated,
    [property: Id(3)] int Free,
    [property: Id(4)] double Utilization);

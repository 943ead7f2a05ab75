using Claw.Abstractions.WireGuard;

namespace Claw.Gateway.WireGuard;

/// <summary>An allocated address with its wg-quick <c>[Peer]</c> block.</summary>
public sealed record PeerResponse(string NodeId, string Address, string PublicKey, string Config, DateTimeOffset AllocatedAt)
{
    public static PeerResponse From(WireGuardPeer p) => new(p.NodeId, p.Address, p.PublicKey, p.Config, p.AllocatedAt);
}

/// <summary><c>GET /wireguard/pool/stats</c>.</summary>
public sealed record PoolStatsResponse(string Cidr, int Size, int Allocated, int Free, double Utilization)
{
    public static PoolStatsResponse From(PoolStats s) => new(s.Cidr, s.Size, s.Allocated, s.Free, s.Utilization);
}

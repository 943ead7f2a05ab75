namespace Claw.Grains.WireGuard;

/// <summary>Configuration section <c>Claw:WireGuard</c>: the address pool and what goes into each <c>[Peer]</c> block.</summary>
public sealed class WireGuardOptions
{
    public const string Section = "WireGuard";

    /// <summary>The pool: an IPv4 network from /16 to /30; its network and first host (the hub) and broadcast addresses are never handed out.</summary>
    public string Cidr { get; set; } = "10.66.0.0/24";

    /// <summary>When set, each <c>[Peer]</c> block carries <c>PersistentKeepalive</c> (seconds), for peers behind NAT.</summary>
    public int? PersistentKeepalive { get; set; }
}

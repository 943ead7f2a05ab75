namespace Claw.Abstractions.Monitoring;

/// <summary>
/// The limits <c>GET /swarm/monitoring/status</c> judges the cluster by (<c>GET|PUT /swarm/alerts/thresholds</c>):
/// the fullest WebSocket send buffer (share of its limit), node crashes in the window, the share of leases revoked in
/// the window, the WireGuard pool's use, and, when set, the deepest queue's pending tasks and the dispatch p99 (ms).
/// </summary>
[GenerateSerializer, Immutable, Alias("claw.alert-thresholds")]
public sealed record AlertThresholds(
    [property: Id(0)] double BufferUtilization = 0.8,
    [property: Id(1)] int CrashCount = 3,
    [property: Id(2)] double RevocationRate = 0.5,
    [property: Id(3)] double IpPoolUtilization = 0.9,
    [property: Id(4)] int? QueueDepth = null,
    [property: Id(5)] double? DispatchP99Ms = null)
{
    public static readonly AlertThresholds Default = new();
}

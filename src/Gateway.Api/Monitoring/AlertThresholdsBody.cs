using Claw.Abstractions.Monitoring;

namespace Claw.Gateway.Monitoring;

/// <summary>
/// <c>PUT /swarm/alerts/thresholds</c> and its answer: the whole set, each omitted field at its default
/// (<c>buffer_utilization</c> 0.8, <c>crash_count</c> 3, <c>revocation_rate</c> 0.5, <c>ip_pool_utilization</c> 0.9,
/// <c>queue_depth</c> and <c>dispatch_p99_ms</c> off). The thresholds grain checks the ranges.
/// </summary>
public sealed record AlertThresholdsBody(
    double? BufferUtilization,
    int? CrashCount,
    double? RevocationRate,
    double? IpPoolUtilization,
    int? QueueDepth,
    double? DispatchP99Ms)
{
    public AlertThresholds ToThresholds()
    {
        var d = AlertThresholds.Default;
        return new(BufferUtilization ?? d.BufferUtilization, CrashCount ?? d.CrashCount, RevocationRate ?? d.RevocationRate,
            IpPoolUtilization ?? d.IpPoolUtilization, QueueDepth, DispatchP99Ms);
    }
}

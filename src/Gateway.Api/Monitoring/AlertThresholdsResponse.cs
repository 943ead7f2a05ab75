using Claw.Abstractions.Monitoring;

namespace Claw.Gateway.Monitoring;

/// <summary>The thresholds in force; <c>updated_at</c> is null while they are the defaults.</summary>
public sealed record AlertThresholdsResponse(
    double BufferUtilization,
    int CrashCount,
    double RevocationRate,
    double IpPoolUtilization,
    int? QueueDepth,
    double? DispatchP99Ms,
    DateTimeOffset? UpdatedAt)
{
    public static AlertThresholdsResponse From(StoredThresholds stored) => From(stored.Thresholds, stored.UpdatedAt);

    public static AlertThresholdsResponse From(AlertThresholds t, DateTimeOffset? updatedAt = null) =>
        new(t.BufferUtilization, t.CrashCount, t.RevocationRate, t.IpPoolUtilization, t.QueueDepth, t.DispatchP99Ms, updatedAt);
}

using System.Collections.Immutable;
using Claw.Abstractions.Monitoring;

namespace Claw.Gateway.Monitoring;

/// <summary><c>GET /swarm/monitoring/status</c>.</summary>
public sealed record MonitoringStatusResponse(
    string Status,
    DateTimeOffset CheckedAt,
    int WindowSeconds,
    ImmutableDictionary<string, SubsystemResponse> Subsystems,
    AlertThresholdsResponse Thresholds)
{
    public static MonitoringStatusResponse From(MonitoringStatus s) => new(
        s.Status.Wire(), s.CheckedAt, s.WindowSeconds,
        s.Subsystems.ToImmutableDictionary(x => x.Name, SubsystemResponse.From, StringComparer.Ordinal),
        AlertThresholdsResponse.From(s.Thresholds));
}

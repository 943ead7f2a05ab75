using System.Collections.Immutable;
using Claw.Abstractions.Monitoring;

namespace Claw.Gateway.Monitoring;

/// <summary>One subsystem of the monitoring status: <c>healthy|degraded|unhealthy|not_configured</c>, its figures, the thresholds it crosses, and why.</summary>
public sealed record SubsystemResponse(
    string Status,
    ImmutableDictionary<string, double> Figures,
    ImmutableArray<ThresholdCrossingResponse> Crossed,
    ImmutableArray<string> Reasons)
{
    public static SubsystemResponse From(SubsystemStatus s) =>
        new(s.State.Wire(), s.Figures, [.. s.Crossed.Select(c => new ThresholdCrossingResponse(c.Threshold, c.Limit, c.Value))], s.Reasons);
}

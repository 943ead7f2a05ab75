using Claw.Abstractions.Swarms;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Swarms;

/// <summary>Health thresholds on the wire; each omitted one keeps its default (50 %, 20 %, half online, 300 s).</summary>
public sealed record HealthThresholdsBody(double? UnhealthyFailureRate, double? DegradedFailureRate, double? DegradedOnlineRatio, int? WindowSeconds)
{
    public void Validate(ValidationErrors errors) => errors
        .Require(UnhealthyFailureRate is null or (> 0 and <= 1), "unhealthy_failure_rate", "Above 0, at most 1.")
        .Require(DegradedFailureRate is null or (> 0 and <= 1), "degraded_failure_rate", "Above 0, at most 1.")
        .Require(DegradedOnlineRatio is null or (>= 0 and <= 1), "degraded_online_ratio", "Between 0 and 1.")
        .Require(WindowSeconds is null or (>= 10 and <= 86_400), "window_seconds", "Between 10 and 86400.")
        .Require(ToThresholds().DegradedFailureRate <= ToThresholds().UnhealthyFailureRate, "degraded_failure_rate", "At most unhealthy_failure_rate.");

    public HealthThresholds ToThresholds()
    {
        var d = HealthThresholds.Default;
        return new(UnhealthyFailureRate ?? d.UnhealthyFailureRate, DegradedFailureRate ?? d.DegradedFailureRate, DegradedOnlineRatio ?? d.DegradedOnlineRatio, WindowSeconds ?? d.WindowSeconds);
    }

    public static HealthThresholdsBody From(HealthThresholds t) => new(t.UnhealthyFailureRate, t.DegradedFailureRate, t.DegradedOnlineRatio, t.WindowSeconds);
}

namespace Claw.Abstractions.Swarms;

/// <summary>
/// When a swarm counts as unhealthy or degraded: failure rate (failed ÷ ended tasks in the window) and the share of
/// members online. Defaults: unhealthy at 50 % failures or no member online, degraded at 20 % or under half online.
/// </summary>
[GenerateSerializer, Immutable, Alias("claw.health-thresholds")]
public sealed record HealthThresholds(
    [property: Id(0)] double UnhealthyFailureRate,
    [property: Id(1)] double DegradedFailureRate,
    [property: Id(2)] double DegradedOnlineRatio,
    [property: Id(3)] int WindowSeconds)
{
    public static readonly HealthThresholds Default = new(0.5, 0.2, 0.5, 300);
}

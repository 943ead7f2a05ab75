namespace Claw.Client.Swarms;

/// <summary>When a swarm reads as degraded or unhealthy.</summary>
public sealed record HealthThresholds(double? UnhealthyFailureRate = null, double? DegradedFailureRate = null, double? DegradedOnlineRatio = null, int? WindowSeconds = null);

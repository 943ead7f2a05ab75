namespace Claw.Client.Monitoring;

/// <summary>One subsystem: <c>healthy</c>, <c>degraded</c>, <c>unhealthy</c> or <c>not_configured</c>, its figures, the thresholds it crosses, and why.</summary>
public sealed record Subsystem(string Status, IReadOnlyDictionary<string, double> Figures, IReadOnlyList<ThresholdCrossing> Crossed, IReadOnlyList<string> Reasons);

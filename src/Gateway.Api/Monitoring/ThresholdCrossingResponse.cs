namespace Claw.Gateway.Monitoring;

/// <summary>A threshold a subsystem reaches: its name, its limit and the figure.</summary>
public sealed record ThresholdCrossingResponse(string Threshold, double Limit, double Value);

namespace Claw.Client.Monitoring;

/// <summary>A threshold a figure crossed.</summary>
public sealed record ThresholdCrossing(string Threshold, double Limit, double Value);

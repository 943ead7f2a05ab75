namespace Claw.Abstractions.Monitoring;

/// <summary>A threshold a subsystem crosses: its name, its limit and the figure that crossed it.</summary>
[GenerateSerializer, Immutable, Alias("claw.threshold-crossing")]
public sealed record ThresholdCrossing(
    [property: Id(0)] string Threshold,
    [property: Id(1)] double Limit,
    [property: Id(2)] double Value);

using System.Collections.Immutable;

namespace Claw.Abstractions.Monitoring;

/// <summary>One subsystem of the monitoring status: its figures, the thresholds it crosses, its verdict and why.</summary>
[GenerateSerializer, Immutable, Alias("claw.subsystem-status")]
public sealed record SubsystemStatus(
    [property: Id(0)] string Name,
    [property: Id(1)] SubsystemState State,
    [property: Id(2)] ImmutableDictionary<string, double> Figures,
    [property: Id(3)] ImmutableArray<ThresholdCrossing> Crossed,
    [property: Id(4)] ImmutableArray<string> Reasons);

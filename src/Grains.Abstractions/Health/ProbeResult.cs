namespace Claw.Abstractions.Health;

/// <summary>The outcome of one probe; <see cref="Detail"/> is safe to show (no connection strings).</summary>
[GenerateSerializer, Immutable, Alias("claw.probe-result")]
public sealed record ProbeResult([property: Id(0)] bool Healthy, [property: Id(1)] string Detail);

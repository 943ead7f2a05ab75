namespace Claw.Bench.Measure;

/// <summary>Cores used on average during a measurement: by other processes on the box, and by the system under test plus the bench.</summary>
internal sealed record CpuShare(double ForeignCores, double MineCores);

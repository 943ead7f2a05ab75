using Claw.Bench.Measure;

namespace Claw.Bench.Results;

/// <summary>Latency percentiles in milliseconds.</summary>
internal sealed record Percentiles(int Count, double P50Ms, double P95Ms, double P99Ms, double MaxMs)
{
    public static Percentiles Of(List<double> samplesMs) => new(
        samplesMs.Count,
        Math.Round(Stats.Percentile(samplesMs, 0.50), 3),
        Math.Round(Stats.Percentile(samplesMs, 0.95), 3),
        Math.Round(Stats.Percentile(samplesMs, 0.99), 3),
        Math.Round(Stats.Percentile(samplesMs, 1.0), 3));
}

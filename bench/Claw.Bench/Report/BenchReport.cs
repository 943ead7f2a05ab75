using Claw.Bench.Results;

namespace Claw.Bench.Report;

/// <summary>The one report of a bench/run.sh run: conditions, Claw figures per mode, baselines, ratios, targets.</summary>
internal sealed record BenchReport(
    IReadOnlyDictionary<string, string> Conditions,
    IReadOnlyList<TargetCheck> Targets,
    IReadOnlyList<ClawRun> Claw,
    IReadOnlyDictionary<string, PeerBaseline> Baselines,
    IReadOnlyList<Comparison> Comparisons);

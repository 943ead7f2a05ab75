using Claw.Bench.Results;

namespace Claw.Bench.Report;

/// <summary>Sets every Claw figure against every baseline of its kind and checks the targets.</summary>
internal static class ReportBuilder
{
    public static BenchReport Build(IReadOnlyDictionary<string, string> conditions, IReadOnlyList<ClawRun> runs, IReadOnlyDictionary<string, PeerBaseline> baselines) =>
        new(conditions, Targets.Check(runs, baselines), runs, baselines, Compare(runs, baselines).ToList());

    private static IEnumerable<Comparison> Compare(IReadOnlyList<ClawRun> runs, IReadOnlyDictionary<string, PeerBaseline> baselines)
    {
        foreach (var run in runs)
        {
            var mode = Mode(run);
            foreach (var t in run.Throughput)
            {
                foreach (var c in Against(mode, $"throughput {t.Variant}, {t.Workers} workers: completed/s", t.CompletedPerSecond, PeerCatalog.Completion, baselines))
                {
                    yield return c;
                }
            }

            if (run.Submit is { } s)
            {
                foreach (var c in Against(mode, $"one-at-a-time submits/s, {s.Clients} clients", s.SubmitsPerSecond, PeerCatalog.Submission, baselines))
                {
                    yield return c;
                }
            }

            if (run.Batch is { } batch)
            {
                foreach (var c in Against(mode, $"batch submits/s, {batch.BatchSize:N0} per batch, {batch.Clients} sender(s)", batch.TasksPerSecond, PeerCatalog.BulkSubmission, baselines))
                {
                    yield return c;
                }
            }

            foreach (var (what, latency) in new[] { ("empty", run.Latency), ("backlog", run.Backlog?.Latency) })
            {
                if (latency is null)
                {
                    continue;
                }

                foreach (var (label, name) in PeerCatalog.Latency)
                {
                    var peer = baselines.GetValueOrDefault(label);
                    yield return Ratio(mode, $"submit → received p50 ms ({what})", latency.Received.P50Ms, $"{name}: p50 ms", label, peer?.P50Ms, "lower");
                    yield return Ratio(mode, $"submit → received p99 ms ({what})", latency.Received.P99Ms, $"{name}: p99 ms", label, peer?.P99Ms, "lower");
                }
            }
        }
    }

    private static IEnumerable<Comparison> Against(string mode, string figure, double value,
        (string Label, string Name, Func<PeerBaseline, double?> Value)[] catalog, IReadOnlyDictionary<string, PeerBaseline> baselines) =>
        catalog.Select(b => Ratio(mode, figure, value, b.Name, b.Label, baselines.TryGetValue(b.Label, out var peer) && peer.Error is null ? b.Value(peer) : null, "higher"));

    private static Comparison Ratio(string mode, string figure, double? claw, string baseline, string label, double? reference, string betterWhen) =>
        new(mode, figure, claw, baseline, label, reference, Divide(claw, reference), betterWhen);

    internal static double? Divide(double? a, double? b) => a is { } x && b is { } y && y > 0 && double.IsFinite(x) ? Math.Round(x / y, 3) : null;

    internal static string Mode(ClawRun run) => $"{run.Storage}, {run.Silos} silo(s)";
}

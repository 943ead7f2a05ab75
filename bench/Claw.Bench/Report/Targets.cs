using Claw.Bench.Results;

namespace Claw.Bench.Report;

/// <summary>The targets of the benchmark issue, checked against one report's figures.</summary>
internal static class Targets
{
    public static List<TargetCheck> Check(IReadOnlyList<ClawRun> runs, IReadOnlyDictionary<string, PeerBaseline> baselines)
    {
        var postgres = runs.FirstOrDefault(r => r.Storage.StartsWith("postgres", StringComparison.OrdinalIgnoreCase));
        var sqlite = runs.FirstOrDefault(r => r.Storage.StartsWith("sqlite", StringComparison.OrdinalIgnoreCase));
        var main = postgres ?? runs.FirstOrDefault();
        double? Peer(string label, Func<PeerBaseline, double?> value) => baselines.TryGetValue(label, out var b) && b.Error is null ? value(b) : null;
        var checks = new List<TargetCheck>();

        foreach (var variant in new[] { "ws", "http" })
        {
            var pg = postgres?.Throughput.FirstOrDefault(t => t.Variant == variant);
            var figure = $"PostgreSQL throughput {variant}, {pg?.Workers.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "16"} workers: completed/s";
            checks.Add(AtLeast("throughput ≥ 2.5× graphile-worker (defaults)", figure, pg?.CompletedPerSecond,
                "graphile-worker defaults: completed/s", Peer("graphile_default_batch", b => b.CompletePerSecond), 2.5));
            checks.Add(AtLeast("throughput ≥ 1× BullMQ with fsync per write", figure, pg?.CompletedPerSecond,
                "BullMQ AOF always: completed/s", Peer("bullmq_batch_aof_always", b => b.CompletePerSecond), 1.0));
        }

        checks.Add(AtLeast("one-at-a-time submits ≥ 4× pg-boss", $"{Name(main)} one-at-a-time submits/s", main?.Submit?.SubmitsPerSecond,
            "pg-boss send() one at a time ×16: jobs/s", Peer("pgboss_c16b16_single", b => b.EnqueuePerSecond), 4.0));
        checks.Add(AtMost("submit → received p50 ≤ BullMQ's", $"{Name(main)} received p50 ms", main?.Latency?.Received.P50Ms,
            "BullMQ AOF always: p50 ms", Peer("lat_bullmq_aof_always", b => b.P50Ms), 1.0));
        checks.Add(AtMost("submit → received p50 ≤ BullMQ's", $"{Name(main)} received p50 ms", main?.Latency?.Received.P50Ms,
            "BullMQ AOF everysec: p50 ms", Peer("lat_bullmq", b => b.P50Ms), 1.0));
        checks.Add(AtMost("submit → received p99 ≤ 2.5 ms", $"{Name(main)} received p99 ms", main?.Latency?.Received.P99Ms, "2.5 ms", 2.5, 1.0));
        checks.Add(AtMost("backlog p99 ≤ 1.2× empty", $"{Name(main)} received p99 ms, {main?.Backlog?.Pending ?? 0:N0} pending elsewhere",
            main?.Backlog?.Latency.Received.P99Ms, "received p99 ms, empty system", main?.Latency?.Received.P99Ms, 1.2));
        foreach (var variant in new[] { "ws", "http" })
        {
            checks.Add(AtLeast("embedded SQLite throughput ≥ 0.5× PostgreSQL mode", $"SQLite throughput {variant}: completed/s",
                sqlite?.Throughput.FirstOrDefault(t => t.Variant == variant)?.CompletedPerSecond,
                $"PostgreSQL throughput {variant}: completed/s", postgres?.Throughput.FirstOrDefault(t => t.Variant == variant)?.CompletedPerSecond, 0.5));
        }

        return checks;
    }

    private static string Name(ClawRun? run) => run is null ? "" : run.Storage.StartsWith("postgres", StringComparison.OrdinalIgnoreCase) ? "PostgreSQL" : run.Storage;

    private static TargetCheck AtLeast(string target, string figure, double? claw, string reference, double? value, double required)
    {
        var ratio = ReportBuilder.Divide(claw, value);
        return new(target, figure, claw, reference, value, ratio, $"≥ {required:0.0#}×", ratio is null ? "n/a" : ratio >= required ? "met" : "not met");
    }

    private static TargetCheck AtMost(string target, string figure, double? claw, string reference, double? value, double required)
    {
        var ratio = ReportBuilder.Divide(claw, value);
        return new(target, figure, claw, reference, value, ratio, $"≤ {required:0.0#}×", ratio is null ? "n/a" : ratio <= required ? "met" : "not met");
    }
}

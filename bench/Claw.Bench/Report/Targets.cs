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
        var mode = main is null ? "" : main == postgres ? "PostgreSQL" : main.Storage;
        Figure Peer(string label, string name, Func<PeerBaseline, double?> value) =>
            baselines.TryGetValue(label, out var b) && b.Error is null ? new(name, value(b), b.Clean ? b.ForeignCores : Math.Max(Figure.Disturbed, b.ForeignCores ?? 0)) : new(name, null, null);
        Figure Throughput(ClawRun? run, string variant, string name)
        {
            var t = run?.Throughput.FirstOrDefault(t => t.Variant == variant);
            return Figure.Of($"{name} throughput {variant}, {t?.Workers ?? 16} workers: completed/s", t?.CompletedPerSecond, t?.Cpu);
        }

        var checks = new List<TargetCheck>();
        foreach (var variant in new[] { "ws", "http" })
        {
            var pg = Throughput(postgres, variant, "PostgreSQL");
            checks.Add(AtLeast("throughput ≥ 2.5× graphile-worker (defaults)", pg, Peer("graphile_default_batch", "graphile-worker defaults: completed/s", b => b.CompletePerSecond), 2.5));
            checks.Add(AtLeast("throughput ≥ 1× BullMQ with fsync per write", pg, Peer("bullmq_batch_aof_always", "BullMQ AOF always: completed/s", b => b.CompletePerSecond), 1.0));
        }

        var submits = Figure.Of($"{mode} one-at-a-time submits/s", main?.Submit?.SubmitsPerSecond, main?.Submit?.Cpu);
        checks.Add(AtLeast("one-at-a-time submits ≥ 4× pg-boss", submits, Peer("pgboss_c16b16_single", "pg-boss send() one at a time ×16: jobs/s", b => b.EnqueuePerSecond), 4.0));
        var p50 = Figure.Of($"{mode} submit → received p50 ms", main?.Latency?.Received.P50Ms, main?.Latency?.Cpu);
        checks.Add(AtMost("submit → received p50 ≤ BullMQ's", p50, Peer("lat_bullmq_aof_always", "BullMQ AOF always: p50 ms", b => b.P50Ms), 1.0));
        checks.Add(AtMost("submit → received p50 ≤ BullMQ's", p50, Peer("lat_bullmq", "BullMQ AOF everysec: p50 ms", b => b.P50Ms), 1.0));
        var p99 = Figure.Of($"{mode} submit → received p99 ms", main?.Latency?.Received.P99Ms, main?.Latency?.Cpu);
        checks.Add(AtMost("submit → received p99 ≤ 2.5 ms", p99, new Figure("2.5 ms", 2.5, null), 1.0));
        var backlog = Figure.Of($"{mode} received p99 ms, {main?.Backlog?.Pending ?? 0:N0} pending elsewhere, settled", main?.Backlog?.Latency.Received.P99Ms, main?.Backlog?.Latency.Cpu);
        checks.Add(AtMost("backlog p99 ≤ 1.2× empty", backlog, p99 with { Name = $"{mode} received p99 ms, empty system" }, 1.2));
        foreach (var variant in new[] { "ws", "http" })
        {
            checks.Add(AtLeast("embedded SQLite throughput ≥ 0.5× PostgreSQL mode", Throughput(sqlite, variant, "SQLite"), Throughput(postgres, variant, "PostgreSQL"), 0.5));
        }

        return checks;
    }

    private static TargetCheck AtLeast(string target, Figure claw, Figure reference, double required) =>
        Check(target, claw, reference, $"≥ {required:0.0#}×", ratio => ratio >= required);

    private static TargetCheck AtMost(string target, Figure claw, Figure reference, double required) =>
        Check(target, claw, reference, $"≤ {required:0.0#}×", ratio => ratio <= required);

    private static TargetCheck Check(string target, Figure claw, Figure reference, string required, Func<double, bool> met)
    {
        var ratio = ReportBuilder.Divide(claw.Value, reference.Value);
        var verdict = ratio is { } r ? met(r) ? "met" : "not met" : "n/a";
        var note = string.Join("; ", new[] { claw.Note("Claw figure"), reference.Note("reference") }.OfType<string>());
        return new(target, claw.Name, claw.Value, reference.Name, reference.Value, ratio, required, verdict, note);
    }
}

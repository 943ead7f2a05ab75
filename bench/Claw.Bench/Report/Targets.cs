using Claw.Bench.Results;

namespace Claw.Bench.Report;

/// <summary>
/// The targets of the benchmark issue (issue 22, performance round 2), checked against one report's figures: each Claw
/// figure against the peers of the same run. Rows marked "shown" set a figure beside a reference without judging it.
/// </summary>
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
        var graphile = Peer("graphile_default_batch", "graphile-worker defaults: completed/s", b => b.CompletePerSecond);
        var bullmqAlways = Peer("bullmq_batch_aof_always", "BullMQ AOF always: completed/s", b => b.CompletePerSecond);
        foreach (var (variant, required) in new[] { ("ws", 1.0), ("http", 0.8) })
        {
            var pg = Throughput(postgres, variant, "PostgreSQL");
            checks.Add(AtLeast($"drain {variant} ≥ {required:0.0}× graphile-worker (defaults)", pg, graphile, required));
            checks.Add(Shown($"drain {variant} beside BullMQ with fsync per write", pg, bullmqAlways));
        }

        var empty = main?.Latency;
        var p50 = Figure.Of($"{mode} submit → received p50 ms", empty?.Received.P50Ms, empty?.Cpu);
        checks.Add(AtMost("submit → received p50 ≤ BullMQ AOF always's", p50, Peer("lat_bullmq_aof_always", "BullMQ AOF always: p50 ms", b => b.P50Ms), 1.0));
        var p99 = Figure.Of($"{mode} submit → received p99 ms", empty?.Received.P99Ms, empty?.Cpu);
        checks.Add(AtMost("submit → received p99 ≤ 4 ms", p99, new Figure("4 ms", 4.0, null), 1.0));
        var backlog = main?.Backlog;
        var settled = Figure.Of($"{mode} received p99 ms, {backlog?.Pending ?? 0:N0} pending elsewhere, settled", backlog?.Latency.Received.P99Ms, backlog?.Latency.Cpu);
        checks.Add(AtMost("backlog p99 ≤ 1.2× empty", settled, p99 with { Name = $"{mode} received p99 ms, empty system" }, 1.2));

        var batch = Figure.Of($"{mode} POST /tasks/batch ({main?.Batch?.BatchSize ?? 1000:N0} per batch, {main?.Batch?.Clients ?? 1} sender(s)): tasks/s", main?.Batch?.TasksPerSecond, main?.Batch?.Cpu);
        var one = Figure.Of($"{mode} one-at-a-time submits/s, {main?.Submit?.Clients ?? 16} clients, same run", main?.Submit?.SubmitsPerSecond, main?.Submit?.Cpu);
        checks.Add(AtLeast("batch submits ≥ 10× one-at-a-time submits", batch, one, 10.0));
        checks.Add(Shown("batch submits beside graphile-worker addJobs (chunks of 1,000)", batch, Peer("graphile_default_batch", "graphile-worker addJobs(): jobs/s", b => b.EnqueuePerSecond)));
        checks.Add(Shown("batch submits beside BullMQ addBulk, AOF always", batch, Peer("bullmq_batch_aof_always", "BullMQ addBulk() AOF always: jobs/s", b => b.EnqueuePerSecond)));
        checks.Add(Shown("batch submits beside BullMQ addBulk, AOF everysec", batch, Peer("bullmq_batch", "BullMQ addBulk() AOF everysec: jobs/s", b => b.EnqueuePerSecond)));

        foreach (var variant in new[] { "ws", "http" })
        {
            checks.Add(AtLeast("embedded SQLite throughput ≥ 0.5× PostgreSQL mode", Throughput(sqlite, variant, "SQLite"), Throughput(postgres, variant, "PostgreSQL"), 0.5));
        }

        foreach (var t in main?.Throughput ?? [])
        {
            var (commits, source) = t.Work.PgCommitsPerTask is { } pg ? (pg, "PostgreSQL xact_commit") : (t.Work.ClawCommitsPerTask, "claw_storage_commits_total");
            var figure = Figure.Of($"{mode} drain {t.Variant}: commits per completed task ({source})", commits, t.Cpu);
            checks.Add(Check("< 1 commit per task", figure, new Figure("1 commit per task", 1.0, null), "< 1.0×", ratio => ratio < 1.0));
        }

        return checks;
    }

    private static TargetCheck AtLeast(string target, Figure claw, Figure reference, double required) =>
        Check(target, claw, reference, $"≥ {required:0.0#}×", ratio => ratio >= required);

    private static TargetCheck AtMost(string target, Figure claw, Figure reference, double required) =>
        Check(target, claw, reference, $"≤ {required:0.0#}×", ratio => ratio <= required);

    /// <summary>A ratio the issue asks to see, not to meet: its verdict is "shown" (or "n/a" without both figures).</summary>
    private static TargetCheck Shown(string target, Figure claw, Figure reference) =>
        Check(target, claw, reference, "shown", _ => true) is var check && check.Verdict == "met" ? check with { Verdict = "shown" } : check;

    private static TargetCheck Check(string target, Figure claw, Figure reference, string required, Func<double, bool> met)
    {
        var ratio = ReportBuilder.Divide(claw.Value, reference.Value);
        var verdict = ratio is { } r ? met(r) ? "met" : "not met" : "n/a";
        var note = string.Join("; ", new[] { claw.Note("Claw figure"), reference.Note("reference") }.OfType<string>());
        return new(target, claw.Name, claw.Value, reference.Name, reference.Value, ratio, required, verdict, note);
    }
}

using System.Text;

namespace Claw.Bench.Results;

/// <summary>The markdown tables of one run's figures.</summary>
internal static class RunMarkdown
{
    public static string Write(ClawRun run)
    {
        var md = new StringBuilder();
        md.AppendLine($"### {run.Storage}, {run.Silos} silo(s), {run.StartedAt:yyyy-MM-dd HH:mm} UTC ({run.Seconds:F0} s)").AppendLine();
        md.AppendLine($"Submitting: {run.SubmitMode}. CPU columns: cores used by other processes / by the system under test and the bench, averaged over the scenario.").AppendLine();
        if (run.Throughput.Count > 0)
        {
            md.AppendLine("| throughput | tasks | workers | submitters | submits/s | completed/s | drain s | wall s | CPU µs per task: silo (JIT) / PostgreSQL / generator | CPU foreign / mine | note |");
            md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var t in run.Throughput)
            {
                var note = (t.TimedOut ? "timed out; " : "") + (t.Rejected > 0 ? $"{t.Rejected} rejected" : "");
                var tasks = t.WarmupTasks > 0 ? $"{t.Tasks:N0} (after {t.WarmupTasks:N0} warm-up at {Fmt.Rate(t.WarmupCompletedPerSecond)}/s)" : $"{t.Tasks:N0}";
                md.AppendLine($"| {Variant(t.Variant)} | {tasks} | {t.Workers} | {t.Submitters} | {Fmt.Rate(t.SubmitsPerSecond)} | {Fmt.Rate(t.CompletedPerSecond)} | {t.DrainSeconds:F2} | {t.WallSeconds:F2} | {Fmt.Num(t.CpuPerTask.SiloUs, "F0")} ({Fmt.Num(t.CpuPerTask.SiloJitUs, "F0")}) / {Fmt.Num(t.CpuPerTask.PostgresUs, "F0")} / {Fmt.Num(t.CpuPerTask.GeneratorUs, "F0")} | {Fmt.Cores(t.Cpu)} | {note} |");
            }

            md.AppendLine();
        }

        WorkMarkdown.Append(md, run);
        if (run.Submit is { } s)
        {
            md.AppendLine("| one-at-a-time submits | tasks | clients | submits/s | p50 ms | p95 ms | p99 ms | CPU foreign / mine |");
            md.AppendLine("|---|---|---|---|---|---|---|---|");
            md.AppendLine($"| submit | {s.Tasks:N0} | {s.Clients} | {Fmt.Rate(s.SubmitsPerSecond)} | {Fmt.Ms(s.Latency.P50Ms)} | {Fmt.Ms(s.Latency.P95Ms)} | {Fmt.Ms(s.Latency.P99Ms)} | {Fmt.Cores(s.Cpu)} |").AppendLine();
        }

        if (run.Batch is { } batch)
        {
            md.AppendLine("| batch submits | tasks | per batch | senders | batches | created | tasks/s | batch p50 ms | p95 ms | p99 ms | CPU foreign / mine |");
            md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
            md.AppendLine($"| POST /tasks/batch | {batch.Tasks:N0}{BatchWarmup(batch)} | {batch.BatchSize:N0} | {batch.Clients} | {batch.Batches:N0} | {batch.Created:N0} | {Fmt.Rate(batch.TasksPerSecond)} | " +
                          $"{Fmt.Ms(batch.BatchLatency.P50Ms)} | {Fmt.Ms(batch.BatchLatency.P95Ms)} | {Fmt.Ms(batch.BatchLatency.P99Ms)} | {Fmt.Cores(batch.Cpu)} |");
            if (run.Submit is { SubmitsPerSecond: > 0 } one)
            {
                md.AppendLine().AppendLine($"Batch rate ÷ one-at-a-time submit rate of this run: {Fmt.Ratio(batch.TasksPerSecond / one.SubmitsPerSecond)}.");
            }

            md.AppendLine();
        }

        if (run.Latency is not null || run.Backlog is not null)
        {
            md.AppendLine("| latency, one idle WS node | tasks | pending elsewhere | received p50 / p95 / p99 ms | completed p50 / p95 / p99 ms | CPU foreign / mine |");
            md.AppendLine("|---|---|---|---|---|---|");
            AppendLatency(md, "empty system", run.Latency);
            AppendLatency(md, "with backlog, right after the fill", run.Backlog?.AfterFill);
            AppendLatency(md, "with backlog, settled", run.Backlog?.Latency);
            if (run.Backlog is { } b)
            {
                md.AppendLine().AppendLine($"Backlog: {b.Pending:N0} tasks pending in an unserved queue (filled in {b.FillSeconds:F0} s); right after the fill received p99 {Fmt.Ratio(b.AfterFillP99RatioToEmpty)} of the empty system's; settled ({b.SettleSeconds:F0} s: silos' after-work, autovacuum, checkpoint, as before the empty system's run) received p99 {Fmt.Ratio(b.ReceivedP99RatioToEmpty)} and p50 {Fmt.Ratio(b.ReceivedP50RatioToEmpty)}.");
            }

            md.AppendLine();
        }

        if (run.Sessions is { } x)
        {
            md.AppendLine("| idle sessions | requested | opened | listed | open s | silo RSS before → after MiB | KiB per session | CPU foreign / mine |");
            md.AppendLine("|---|---|---|---|---|---|---|---|");
            md.AppendLine($"| sessions | {x.Requested:N0} | {x.Opened:N0} | {x.Listed:N0} | {x.OpenSeconds:F1} | {Fmt.Num(x.RssBeforeMiB, "F0")} → {Fmt.Num(x.RssAfterMiB, "F0")} | {Fmt.Num(x.KiBPerSession, "F1")} | {Fmt.Cores(x.Cpu)} |");
            if (x.StoppedBecause is not null)
            {
                md.AppendLine().AppendLine($"Stopped opening sessions early: {x.StoppedBecause}");
            }

            md.AppendLine();
        }

        foreach (var (scenario, error) in run.Errors)
        {
            md.AppendLine($"- **{scenario} failed**: {error}");
        }

        return md.ToString();
    }

    internal static string Variant(string variant) => variant == "ws" ? "WebSocket push" : "HTTP long-poll";

    private static void AppendLatency(StringBuilder md, string what, LatencyResult? l)
    {
        if (l is null)
        {
            return;
        }

        md.AppendLine($"| {what} | {l.Received.Count:N0} | {l.PendingElsewhere:N0} | {Fmt.Ms(l.Received.P50Ms)} / {Fmt.Ms(l.Received.P95Ms)} / {Fmt.Ms(l.Received.P99Ms)} | " +
                      $"{Fmt.Ms(l.Completed.P50Ms)} / {Fmt.Ms(l.Completed.P95Ms)} / {Fmt.Ms(l.Completed.P99Ms)} | {Fmt.Cores(l.Cpu)} |");
    }

    /// <summary>What went before the timed batches, and how much the JIT still compiled during them.</summary>
    private static string BatchWarmup(BatchResult batch) =>
        (batch.WarmupTasks > 0 ? $" (after {batch.WarmupTasks:N0} warm-up" : " (no warm-up") +
        (batch.JitMethods is { } jit ? $"; {jit:N0} methods compiled while timed)" : ")");
}

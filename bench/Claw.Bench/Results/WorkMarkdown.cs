using System.Text;

namespace Claw.Bench.Results;

/// <summary>The work-per-task tables of one run: counters per task for every scenario that read them, top grains and statements.</summary>
internal static class WorkMarkdown
{
    public static void Append(StringBuilder md, ClawRun run)
    {
        AppendTable(md, run);
        foreach (var (what, work) in WorkRows(run).Where(w => w.Work.TopGrains is { Count: > 0 }))
        {
            md.AppendLine($"<details><summary>{what}: grain calls per task (claw_grain_calls_total)</summary>").AppendLine();
            md.AppendLine("| per task | grain |").AppendLine("|---|---|");
            foreach (var grain in work.TopGrains!)
            {
                md.AppendLine($"| {Fmt.PerTask(grain.PerTask)} | `{grain.Grain}` |");
            }

            md.AppendLine().AppendLine("</details>").AppendLine();
        }

        foreach (var (what, work) in WorkRows(run).Where(w => w.Work.TopStatements.Count > 0))
        {
            md.AppendLine($"<details><summary>{what}: statements per task (pg_stat_statements)</summary>").AppendLine();
            md.AppendLine("| per task | statement |").AppendLine("|---|---|");
            foreach (var statement in work.TopStatements)
            {
                md.AppendLine($"| {Fmt.PerTask(statement.PerTask)} | `{statement.Query.Replace("|", "\\|", StringComparison.Ordinal)}` |");
            }

            md.AppendLine().AppendLine("</details>").AppendLine();
        }
    }

    /// <summary>Every scenario whose work was counted: the drains per completed task, the idle path and the batch per task.</summary>
    private static IEnumerable<(string What, DurableWork Work)> WorkRows(ClawRun run)
    {
        foreach (var t in run.Throughput)
        {
            yield return (RunMarkdown.Variant(t.Variant), t.Work);
        }

        if (run.Latency?.Work is { } idle)
        {
            yield return ("latency, idle path", idle);
        }

        if (run.Batch is { } batch)
        {
            yield return ($"batch of {batch.BatchSize:N0}", batch.Work);
        }
    }

    private static void AppendTable(StringBuilder md, ClawRun run)
    {
        var rows = WorkRows(run).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        md.AppendLine("| work per task (counters) | grain calls | thread-pool work items | PG commits | PG statements (queries, DML) | PG utility statements | Claw commits | Claw statements | Claw mean batch |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var (what, w) in rows)
        {
            md.AppendLine($"| {what} ({w.CompletedTasks:N0} tasks) | {Fmt.PerTask(w.GrainCallsPerTask)} | {Fmt.PerTask(w.ThreadPoolWorkItemsPerTask)} | {Fmt.PerTask(w.PgCommitsPerTask)} | " +
                          $"{Fmt.PerTask(w.PgStatementsPerTask)} | {Fmt.PerTask(w.PgUtilityPerTask)} | {Fmt.PerTask(w.ClawCommitsPerTask)} | {Fmt.PerTask(w.ClawStatementsPerTask)} | {Fmt.Num(w.ClawMeanBatchSize)} |");
        }

        md.AppendLine().AppendLine("Per completed task for the drains, per task (warm-up included) for the idle path, per created task for the batch; " +
                                   "each a counter's difference over the scenario, the silos' background work included; n/a: the counter is absent.").AppendLine();
    }
}

using System.Text;
using Claw.Bench.Results;

namespace Claw.Bench.Report;

/// <summary>The report as markdown: conditions, targets, Claw figures per mode, baselines, ratios.</summary>
internal static class ReportMarkdown
{
    public static string Write(BenchReport report)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Claw.Orleans benchmark report, {report.Conditions.GetValueOrDefault("date", "?")}").AppendLine();
        md.AppendLine("## Conditions").AppendLine().AppendLine("| | |").AppendLine("|---|---|");
        foreach (var (key, value) in report.Conditions)
        {
            md.AppendLine($"| {key} | {value} |");
        }

        md.AppendLine().AppendLine("## Targets").AppendLine();
        md.AppendLine("| target | Claw figure | value | reference | value | ratio | required | verdict | note |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var t in report.Targets)
        {
            md.AppendLine($"| {t.Target} | {t.ClawFigure} | {Value(t.ClawValue)} | {t.Reference} | {Value(t.ReferenceValue)} | {Fmt.Ratio(t.Ratio)} | {t.Required} | **{t.Verdict}** | {t.Note} |");
        }

        md.AppendLine().AppendLine("## Claw.Orleans").AppendLine();
        foreach (var run in report.Claw)
        {
            md.Append(RunMarkdown.Write(run));
        }

        md.AppendLine("## Baselines (peers harness, same run, same machine)").AppendLine();
        if (report.Baselines.Count == 0)
        {
            md.AppendLine("Not measured in this run (`--skip-peers`).").AppendLine();
        }
        else
        {
            md.AppendLine("| label | tps | enqueue/s | completed/s | p50 ms | p99 ms | n | CPU foreign / mine | note |");
            md.AppendLine("|---|---|---|---|---|---|---|---|---|");
            foreach (var b in report.Baselines.Values.OrderBy(b => b.Label, StringComparer.Ordinal))
            {
                md.AppendLine($"| {b.Label} | {Fmt.Rate(b.Tps)} | {Fmt.Rate(b.EnqueuePerSecond)} | {Fmt.Rate(b.CompletePerSecond)} | {Fmt.Ms(b.P50Ms)} | {Fmt.Ms(b.P99Ms)} | " +
                              $"{(b.Jobs is { } n ? n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "")} | {Fmt.Num(b.ForeignCores)} / {Fmt.Num(b.MineCores)} | {b.Error ?? (b.Clean ? "" : "disturbed (foreign ≥ 0.3 cores)")} |");
            }

            md.AppendLine();
        }

        md.AppendLine("## Ratios (Claw ÷ baseline)").AppendLine();
        md.AppendLine("| mode | Claw figure | value | baseline | value | ratio | better when |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var c in report.Comparisons.Where(c => c.BaselineValue is not null))
        {
            md.AppendLine($"| {c.Mode} | {c.ClawFigure} | {Value(c.ClawValue)} | {c.Baseline} | {Value(c.BaselineValue)} | {Fmt.Ratio(c.Ratio)} | {c.BetterWhen} |");
        }

        return md.ToString();
    }

    /// <summary>Rates read as whole numbers, latencies (small values) with two decimals.</summary>
    private static string Value(double? value) => value is < 100 ? Fmt.Ms(value) : Fmt.Rate(value);
}

using System.Globalization;
using System.Text;

namespace Claw.Tests.Cluster.History;

/// <summary>The verdict of a kill run: the counts the assertions read, and a summary for the log and the bench README.</summary>
public sealed record KillRunReport(
    KillRunSettings Settings,
    int Submitted,
    int Completed,
    IReadOnlyList<string> NotCompleted,
    IReadOnlyList<string> CompletedNotOnce,
    IReadOnlyList<string> AcceptedFromTwoLeases,
    IReadOnlyList<string> AcceptedNotFinal,
    IReadOnlyCollection<string> LateAccepted,
    int ServerErrors,
    IReadOnlyCollection<string> ServerErrorSamples,
    IReadOnlyList<SiloKill> Kills,
    TimeSpan MaxOverdue,
    IReadOnlyDictionary<string, string> OverdueViolations,
    int OverdueSamples,
    IReadOnlyList<string> HeldSlots,
    TimeSpan Duration,
    RunLedger Ledger,
    FlowFigures Flow)
{
    public double CompletionsPerSecond => Duration > TimeSpan.Zero ? Completed / Duration.TotalSeconds : 0;

    public string Summary()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"settings: {Settings}");
        text.AppendLine(CultureInfo.InvariantCulture, $"tasks submitted {Submitted}, completed {Completed} ({Duration.TotalSeconds:F0} s, {CompletionsPerSecond:F1} completions/s)");
        text.AppendLine(CultureInfo.InvariantCulture, $"kills {Kills.Count}: {string.Join("; ", Kills.Select(k => $"silo {k.Silo} at {k.At.TotalSeconds:F0} s with {k.OpenTasks} open / {k.LeasedTasks} leased / {k.CompletesInFlight} completing, declared dead in {(k.DeclaredDeadAfter is { } d ? $"{d.TotalSeconds:F1} s" : "-")}, back in {k.RestartTook.TotalSeconds:F0} s"))}");
        text.AppendLine(CultureInfo.InvariantCulture, $"max overdue seen {MaxOverdue.TotalSeconds:F1} s past a deadline (budget {Settings.OverdueBudget.TotalSeconds:F1} s) over {OverdueSamples} samples");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"violations: not completed {NotCompleted.Count}, completed other than once {CompletedNotOnce.Count}, accepted from two leases {AcceptedFromTwoLeases.Count}, " +
            $"accepted but not final {AcceptedNotFinal.Count}, late accepted {LateAccepted.Count}, 5xx other than 503 {ServerErrors}, overdue past budget {OverdueViolations.Count}, node slots held after the end {HeldSlots.Count}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"workers: completions accepted {Ledger.AcceptedCount}, abandoned {Ledger.Abandoned}, answered late {Ledger.AnsweredLate}, answered twice {Ledger.AnsweredTwice} " +
            $"(repeat refused {Ledger.RepeatsRefused}), 503s {Ledger.Unavailable}, transport failures {Ledger.TransportErrors}, moves to another silo {Ledger.Moves}");
        text.AppendLine(CultureInfo.InvariantCulture, $"flow control: most leased at once per concurrency key {Flow.MaxLeasedPerKey} (limit {Settings.KeyLimit}), worker breakers opened {Flow.BreakersOpened} times");
        text.AppendLine(CultureInfo.InvariantCulture, $"refusals: {string.Join(", ", Ledger.Refusals.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}={r.Value}"))}");
        foreach (var line in NotCompleted.Take(5).Concat(OverdueViolations.Values.Take(5)).Concat(ServerErrorSamples.Take(5))
                     .Concat(CompletedNotOnce.Take(5)).Concat(AcceptedFromTwoLeases.Take(5)).Concat(AcceptedNotFinal.Take(5)).Concat(LateAccepted.Take(5)).Concat(HeldSlots.Take(5)))
        {
            text.AppendLine("  " + line);
        }

        return text.ToString();
    }
}

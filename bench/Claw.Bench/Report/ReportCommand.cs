using Claw.Bench.Cli;
using Claw.Bench.Results;

namespace Claw.Bench.Report;

/// <summary><c>report</c>: merges the runs of each storage mode with the peers' records into one JSON and one markdown file.</summary>
internal static class ReportCommand
{
    public static async Task<BenchReport> RunAsync(ReportOptions options)
    {
        var runs = new List<ClawRun>();
        foreach (var file in options.ClawFiles.Where(File.Exists))
        {
            runs.Add(await BenchJson.ReadAsync<ClawRun>(file));
        }

        var conditions = options.Conditions is { } conditionsFile && File.Exists(conditionsFile)
            ? await BenchJson.ReadAsync<Dictionary<string, string>>(conditionsFile)
            : [];
        var report = ReportBuilder.Build(conditions, runs, PeerBaselines.Read(options.Peers));
        await BenchJson.WriteAsync(options.Output, report);
        await File.WriteAllTextAsync(Path.ChangeExtension(options.Output, ".md"), ReportMarkdown.Write(report));
        return report;
    }
}

/// <summary><c>report</c>'s switches, read and checked before any file is touched (a mistyped one is a usage error).</summary>
internal sealed record ReportOptions(IReadOnlyList<string> ClawFiles, string? Peers, string? Conditions, string Output)
{
    public static ReportOptions From(BenchArgs args)
    {
        var options = new ReportOptions(
            args.List("claw", ""), args.String("peers"), args.String("conditions"),
            args.String("out") ?? throw new ArgumentException("report needs --out file.json"));
        args.RejectUnknown();
        return options;
    }
}

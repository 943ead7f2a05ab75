using Claw.Bench.Cli;
using Claw.Bench.Results;

namespace Claw.Bench.Report;

/// <summary><c>report</c>: merges the runs of each storage mode with the peers' records into one JSON and one markdown file.</summary>
internal static class ReportCommand
{
    public static async Task<BenchReport> RunAsync(BenchArgs args)
    {
        var clawFiles = args.List("claw", "");
        var peers = args.String("peers");
        var conditionsFile = args.String("conditions");
        var output = args.String("out") ?? throw new ArgumentException("report needs --out file.json");
        args.RejectUnknown();

        var runs = new List<ClawRun>();
        foreach (var file in clawFiles.Where(File.Exists))
        {
            runs.Add(await BenchJson.ReadAsync<ClawRun>(file));
        }

        var conditions = conditionsFile is not null && File.Exists(conditionsFile)
            ? await BenchJson.ReadAsync<Dictionary<string, string>>(conditionsFile)
            : [];
        var report = ReportBuilder.Build(conditions, runs, PeerBaselines.Read(peers));
        await BenchJson.WriteAsync(output, report);
        await File.WriteAllTextAsync(Path.ChangeExtension(output, ".md"), ReportMarkdown.Write(report));
        return report;
    }
}

using System.Globalization;
using Claw.Bench.Cli;
using Claw.Bench.Report;
using Claw.Bench.Results;
using Claw.Bench.Scenarios;

// Load generator for a running Claw.Orleans, and the report that sets its figures against the peers' baselines.
//   Claw.Bench run    --url http://127.0.0.1:8000[,http://…] [--scenarios throughput,latency,submit,batch,backlog,sessions]
//                     [--tasks 20000] [--warmup-tasks 2000] [--workers 16] [--clients 16] [--latency-tasks 1000] [--latency-gap-ms 20]
//                     [--batch-size 1000] [--batch-clients 1]
//                     [--backlog 100000] [--sessions 10000] [--storage postgres] [--silo-pids 1,2] [--postgres "Host=…"]
//                     [--cpu-log /path/cpumon.log] [--phase-timeout-seconds 600] [--out bench/results/x.json]
//   Claw.Bench <scenario> …       the same as run --scenarios <scenario> …
//   Claw.Bench report --claw a.json[,b.json] [--peers raw.jsonl] [--conditions conditions.json] --out report.json
// Both write the JSON and a markdown file beside it (same name, .md).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var command = args.FirstOrDefault() ?? "run";
var rest = args.Skip(1).ToList();
if (RunSettings.AllScenarios.Contains(command))
{
    rest.InsertRange(0, ["--scenarios", command]);
    command = "run";
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

switch (command)
{
    case "run":
        var settings = RunSettings.From(new BenchArgs(rest));
        var run = await BenchRunner.RunAsync(settings, stop.Token);
        await BenchJson.WriteAsync(settings.OutPath, run);
        await File.WriteAllTextAsync(Path.ChangeExtension(settings.OutPath, ".md"), RunMarkdown.Write(run));
        Console.WriteLine();
        Console.WriteLine(RunMarkdown.Write(run));
        Console.WriteLine($"written: {settings.OutPath} and .md");
        return run.Errors.Count == 0 ? 0 : 1;
    case "report":
        var options = new BenchArgs(rest);
        var report = await ReportCommand.RunAsync(options);
        Console.WriteLine(ReportMarkdown.Write(report));
        return 0;
    default:
        Console.Error.WriteLine($"unknown command '{command}': run, report, or a scenario ({string.Join(", ", RunSettings.AllScenarios)})");
        return 2;
}

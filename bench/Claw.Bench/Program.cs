using System.Globalization;
using Claw.Bench.Cli;
using Claw.Bench.Report;
using Claw.Bench.Results;
using Claw.Bench.Scenarios;

// Load generator for a running Claw.Orleans, and the report that sets its figures against the peers' baselines:
// Cli/Usage.cs says its command line.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (Usage.Asked(args))
{
    Console.WriteLine(Usage.Text);
    return 0;
}

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
        if (Parse(() => RunSettings.From(new BenchArgs(rest))) is not { } settings)
        {
            return 2;
        }

        var run = await BenchRunner.RunAsync(settings, stop.Token);
        await BenchJson.WriteAsync(settings.OutPath, run);
        await File.WriteAllTextAsync(Path.ChangeExtension(settings.OutPath, ".md"), RunMarkdown.Write(run));
        Console.WriteLine();
        Console.WriteLine(RunMarkdown.Write(run));
        Console.WriteLine($"written: {settings.OutPath} and .md");
        return run.Errors.Count == 0 ? 0 : 1;
    case "report":
        if (Parse(() => ReportOptions.From(new BenchArgs(rest))) is not { } options)
        {
            return 2;
        }

        var report = await ReportCommand.RunAsync(options);
        Console.WriteLine(ReportMarkdown.Write(report));
        return 0;
    default:
        Console.Error.WriteLine($"unknown command '{command}': run, report, or a scenario ({string.Join(", ", RunSettings.AllScenarios)})");
        return 2;
}

// A mistyped switch or value: say which and how to call, not a stack trace.
static T? Parse<T>(Func<T> parse)
    where T : class
{
    try
    {
        return parse();
    }
    catch (Exception e) when (e is ArgumentException or FormatException)
    {
        Console.Error.WriteLine($"Claw.Bench: {e.Message}");
        Console.Error.WriteLine(Usage.Text);
        return null;
    }
}

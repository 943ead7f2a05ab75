using System.Diagnostics;
using System.Globalization;
using Claw.Bench.Cli;
using Claw.Bench.Cluster;
using Claw.Bench.Measure;
using Claw.Bench.Results;

namespace Claw.Bench.Scenarios;

/// <summary>Runs the chosen scenarios in order against one deployment; a failing scenario is recorded and the rest still run.</summary>
internal static class BenchRunner
{
    public static async Task<ClawRun> RunAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        using var cluster = new ClawCluster(settings.Urls, settings.Bearer, settings.FlowKeys);
        var context = new ScenarioContext(settings, cluster);
        var clock = Stopwatch.StartNew();
        var run = new ClawRun
        {
            Storage = settings.Storage,
            Silos = settings.Urls.Count,
            StartedAt = DateTimeOffset.UtcNow,
            Seconds = 0,
            SubmitMode = Submitter.Mode,
            Settings = Describe(settings),
        };
        foreach (var scenario in settings.Scenarios)
        {
            try
            {
                switch (scenario)
                {
                    case "throughput":
                        run.Throughput.Add(await ThroughputScenario.RunAsync(context, "ws", cancellationToken));
                        run.Throughput.Add(await ThroughputScenario.RunAsync(context, "http", cancellationToken));
                        break;
                    case "latency":
                        await DatabaseSettle.SettleAsync(settings.Postgres, cancellationToken); // after the throughput runs' writes
                        run.Latency = await LatencyScenario.RunAsync(context, "latency", cancellationToken, countWork: true);
                        break;
                    case "submit":
                        run.Submit = await SubmitScenario.RunAsync(context, cancellationToken);
                        break;
                    case "batch":
                        run.Batch = await BatchScenario.RunAsync(context, cancellationToken);
                        break;
                    case "backlog":
                        run.Backlog = await BacklogScenario.RunAsync(context, run.Latency, cancellationToken);
                        break;
                    case "sessions":
                        run.Sessions = await SessionsScenario.RunAsync(context, cancellationToken);
                        break;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Console.WriteLine($"\n[{scenario}] failed: {ex.GetType().Name}: {ex.Message}");
                run.Errors[scenario] = $"{ex.GetType().Name}: {ex.Message}";
            }
        }

        return run with { Seconds = Math.Round(clock.Elapsed.TotalSeconds, 1) };
    }

    private static Dictionary<string, string> Describe(RunSettings settings) => new()
    {
        ["urls"] = string.Join(' ', settings.Urls),
        ["scenarios"] = string.Join(',', settings.Scenarios),
        ["tasks"] = Number(settings.Tasks),
        ["warmup_tasks"] = Number(settings.WarmupTasks),
        ["workers"] = Number(settings.Workers),
        ["clients"] = Number(settings.Clients),
        ["latency_tasks"] = Number(settings.LatencyTasks),
        ["latency_gap_ms"] = Number(settings.LatencyGapMs),
        ["batch_size"] = Number(settings.BatchSize),
        ["batch_clients"] = Number(settings.BatchClients),
        ["backlog"] = Number(settings.Backlog),
        ["sessions"] = Number(settings.Sessions),
        ["flow_control_keys"] = Number(settings.FlowKeys),
        ["durable_work_source"] = settings.Postgres is null ? "silo /metrics only" : "pg_stat_database, pg_stat_statements and silo /metrics",
    };

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}

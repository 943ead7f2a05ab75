using System.Globalization;
using System.Text.Json;
using Claw.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Claw.Tests.Bench;

/// <summary>
/// A few hundred tasks through the real load generator against a real silo process, so the generator and its report
/// keep working as the API and the silo change. These assert what was done, never how fast.
/// </summary>
public sealed class BenchSmokeTests(ITestOutputHelper output)
{
    private const int Tasks = 300;
    private const int LatencyTasks = 30;
    private const int Warmup = 40;
    private const int BatchSize = 50;

    [Fact]
    public async Task Every_scenario_runs_end_to_end_on_embedded_sqlite_and_the_report_takes_its_figures()
    {
        using var data = new TempDirectory();
        await using var silo = await SiloProcess.StartAsync(data.Path);
        var results = Path.Combine(data.Path, "run.json");

        await RunBenchAsync(
            "run", "--url", silo.BaseAddress.ToString(), "--storage", "sqlite", "--silo-pids", Number(silo.Id),
            "--tasks", Number(Tasks), "--warmup-tasks", Number(Warmup), "--workers", "4", "--clients", "4", "--latency-tasks", Number(LatencyTasks), "--latency-gap-ms", "2",
            "--batch-size", Number(BatchSize), "--batch-clients", "2", "--backlog", Number(3 * Tasks), "--sessions", "40", "--phase-timeout-seconds", "120", "--out", results);

        using var run = JsonDocument.Parse(await File.ReadAllTextAsync(results));
        var root = run.RootElement;
        Assert.Empty(root.GetProperty("errors").EnumerateObject());
        AssertDrained(root, ["ws", "http"]);
        Assert.Equal(Tasks, root.GetProperty("submit").GetProperty("tasks").GetInt32());
        var batch = root.GetProperty("batch");
        Assert.Equal(Tasks, batch.GetProperty("tasks").GetInt32());
        Assert.Equal(Tasks, batch.GetProperty("created").GetInt32()); // every task of every batch came back with an id
        Assert.Equal(Tasks / BatchSize, batch.GetProperty("batches").GetInt32());
        Assert.Equal(Tasks / BatchSize, batch.GetProperty("batch_latency").GetProperty("count").GetInt32());
        Assert.Equal(Tasks, batch.GetProperty("work").GetProperty("completed_tasks").GetInt32());
        // Warmed in small batches up to the room the backlog leaves (3 × Tasks, less the submit's and the batch's own).
        Assert.Equal(Tasks, batch.GetProperty("warmup_tasks").GetInt32());
        Assert.True(batch.GetProperty("jit_methods").GetDouble() >= 0); // the runtime's counter is always exported
        var latency = root.GetProperty("latency");
        AssertLatency(latency);
        var idle = latency.GetProperty("work");
        Assert.Equal(LatencyTasks + 50, idle.GetProperty("completed_tasks").GetInt32()); // the warm-up's tasks ran through the counters too
        var grainMetric = (await Metrics(silo.BaseAddress)).Contains("claw_grain_calls_total", StringComparison.Ordinal);
        foreach (var work in root.GetProperty("throughput").EnumerateArray().Select(d => d.GetProperty("work")).Append(idle).Append(batch.GetProperty("work")))
        {
            Assert.True(work.GetProperty("thread_pool_work_items_per_task").GetDouble() > 0); // the runtime's counter is always exported
            Assert.True(work.GetProperty("claw_commits_per_task").GetDouble() > 0);
            var grainCalls = work.GetProperty("grain_calls_per_task");
            if (grainMetric)
            {
                Assert.True(grainCalls.GetDouble() > 0);
                Assert.NotEmpty(work.GetProperty("top_grains").EnumerateArray());
            }
            else
            {
                Assert.Equal(JsonValueKind.Null, grainCalls.ValueKind); // a silo without the metric reads n/a, not 0
            }
        }

        var backlog = root.GetProperty("backlog");
        Assert.Equal(3 * Tasks, backlog.GetProperty("pending").GetInt32()); // the submit and batch scenarios' tasks, and the fill's
        AssertLatency(backlog.GetProperty("latency"));
        AssertLatency(backlog.GetProperty("after_fill"));
        var sessions = root.GetProperty("sessions");
        Assert.Equal(40, sessions.GetProperty("opened").GetInt32());
        Assert.Equal(40, sessions.GetProperty("listed").GetInt32());
        Assert.True(sessions.GetProperty("rss_after_mi_b").GetDouble() > 0);

        var report = Path.Combine(data.Path, "report.json");
        await RunBenchAsync("report", "--claw", results, "--out", report);
        using var merged = JsonDocument.Parse(await File.ReadAllTextAsync(report));
        AssertDrained(Assert.Single(merged.RootElement.GetProperty("claw").EnumerateArray()), ["ws", "http"]);
        var batchTarget = merged.RootElement.GetProperty("targets").EnumerateArray().First(t => t.GetProperty("target").GetString()!.StartsWith("batch submits ≥ 10×", StringComparison.Ordinal));
        Assert.NotEqual("n/a", batchTarget.GetProperty("verdict").GetString()); // both of its figures come from this run
        Assert.True(File.Exists(Path.ChangeExtension(report, ".md")));
    }

    [Fact]
    public async Task Throughput_on_postgres_counts_the_durable_work_per_completed_task()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        using var data = new TempDirectory();
        await using var silo = await SiloProcess.StartAsync(data.Path, "--storage", "postgres", "--connection-string", postgres.ConnectionString, "--cluster-id", "claw-bench-smoke");
        var results = Path.Combine(data.Path, "run.json");

        await RunBenchAsync(
            "throughput", "--url", silo.BaseAddress.ToString(), "--storage", "postgres", "--postgres", postgres.ConnectionString,
            "--silo-pids", Number(silo.Id), "--tasks", Number(Tasks), "--warmup-tasks", Number(Warmup), "--workers", "4", "--clients", "4", "--phase-timeout-seconds", "120", "--out", results);

        using var run = JsonDocument.Parse(await File.ReadAllTextAsync(results));
        var root = run.RootElement;
        Assert.Empty(root.GetProperty("errors").EnumerateObject());
        foreach (var drain in AssertDrained(root, ["ws", "http"]))
        {
            var work = drain.GetProperty("work");
            Assert.Equal(Tasks, work.GetProperty("completed_tasks").GetInt32());
            Assert.True(work.GetProperty("pg_commits_per_task").GetDouble() > 0); // PostgreSQL saw the silo's commits
            Assert.True(work.GetProperty("claw_commits_per_task").GetDouble() > 0); // and so did the silo's own counters
            Assert.True(work.GetProperty("thread_pool_work_items_per_task").GetDouble() > 0);
            var cpu = drain.GetProperty("cpu_per_task"); // each process's own counter, all three on this machine
            Assert.True(cpu.GetProperty("silo_us").GetDouble() > 0);
            Assert.True(cpu.GetProperty("silo_jit_us").GetDouble() >= 0); // the runtime's counter is always exported
            Assert.True(cpu.GetProperty("postgres_us").GetDouble() > 0);
            Assert.True(cpu.GetProperty("generator_us").GetDouble() > 0);
        }
    }

    private static List<JsonElement> AssertDrained(JsonElement root, string[] variants)
    {
        var drains = root.GetProperty("throughput").EnumerateArray().ToList();
        Assert.Equal(variants, drains.Select(d => d.GetProperty("variant").GetString()));
        foreach (var drain in drains)
        {
            Assert.Equal(Tasks, drain.GetProperty("completed").GetInt32()); // the measured pass only, not the warm-up's
            Assert.Equal(Warmup, drain.GetProperty("warmup_tasks").GetInt32());
            Assert.Equal(0, drain.GetProperty("rejected").GetInt32());
            Assert.False(drain.GetProperty("timed_out").GetBoolean());
        }

        return drains;
    }

    private static void AssertLatency(JsonElement latency)
    {
        Assert.Equal(LatencyTasks, latency.GetProperty("received").GetProperty("count").GetInt32());
        Assert.Equal(LatencyTasks, latency.GetProperty("completed").GetProperty("count").GetInt32());
    }

    private static async Task<string> Metrics(Uri silo)
    {
        using var http = new HttpClient { BaseAddress = silo };
        return await http.GetStringAsync("/metrics");
    }

    private async Task RunBenchAsync(params string[] args)
    {
        var (exit, stdout, stderr) = await ChildProcess.RunAsync("dotnet", [BenchAssembly(), .. args], TimeSpan.FromMinutes(5));
        output.WriteLine(stdout);
        Assert.True(exit == 0, $"Claw.Bench {args[0]} exited {exit}:\n{stderr}\n{Tail(stdout)}");
    }

    /// <summary>The generator's own build output: the tests' is <c>tests/Claw.Orleans.Tests/bin/{configuration}/{tfm}</c>.</summary>
    private static string BenchAssembly()
    {
        var tfm = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = tfm.Parent!;
        var root = configuration.Parent!.Parent!.Parent!.Parent!;
        return Path.Combine(root.FullName, "bench", "Claw.Bench", "bin", configuration.Name, tfm.Name, "Claw.Bench.dll");
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}

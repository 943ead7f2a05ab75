namespace Claw.Bench.Cli;

/// <summary>What one <c>run</c> measures and against which silos.</summary>
internal sealed record RunSettings
{
    public static readonly string[] AllScenarios = ["throughput", "latency", "submit", "batch", "backlog", "sessions"];

    public required IReadOnlyList<Uri> Urls { get; init; }

    /// <summary>In the order they run: throughput and latency first, on a system with nothing pending.</summary>
    public required IReadOnlyList<string> Scenarios { get; init; }

    public required string Storage { get; init; }

    public required int Tasks { get; init; }

    /// <summary>Tasks of the untimed pass before each throughput variant (0: none).</summary>
    public required int WarmupTasks { get; init; }

    public required int Workers { get; init; }

    public required int Clients { get; init; }

    public required int LatencyTasks { get; init; }

    /// <summary>Tasks per <c>POST /tasks/batch</c> in the batch scenario (1..1000).</summary>
    public int BatchSize { get; init; } = 1_000;

    /// <summary>Concurrent senders of batches (1: one producer, as the peers' bulk enqueue).</summary>
    public int BatchClients { get; init; } = 1;

    public required int LatencyGapMs { get; init; }

    public required int Backlog { get; init; }

    public required int Sessions { get; init; }

    public required IReadOnlyList<int> SiloPids { get; init; }

    /// <summary>Connection string of the silos' PostgreSQL database, for commit and statement counts; null on SQLite.</summary>
    public string? Postgres { get; init; }

    /// <summary>The log of the peers harness's CPU monitor (tools/cpumon.py), to record how busy the rest of the box was.</summary>
    public string? CpuLog { get; init; }

    public required TimeSpan PhaseTimeout { get; init; }

    /// <summary>
    /// The bearer credential every request and control channel sends (an API key or a JWT), for silos that require
    /// auth: from <c>--bearer-file</c> or the <c>CLAW_BENCH_BEARER</c> variable, never the command line; null: none.
    /// </summary>
    public string? Bearer { get; init; }

    public required string OutPath { get; init; }

    /// <summary><c>--flow-control N</c>: tasks under N concurrency keys and queues with limits set (never binding); 0: off.</summary>
    public int FlowKeys { get; init; }

    public static RunSettings From(BenchArgs args)
    {
        var urls = args.List("url", "http://127.0.0.1:8000").Select(u => new Uri(u)).ToList();
        var asked = args.List("scenarios", string.Join(',', AllScenarios));
        var unknown = asked.Except(AllScenarios).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown scenario(s) {string.Join(", ", unknown)}: {string.Join(", ", AllScenarios)}");
        }

        var settings = new RunSettings
        {
            Urls = urls,
            Scenarios = AllScenarios.Where(asked.Contains).ToList(),
            Storage = args.String("storage", "unknown"),
            Tasks = args.Int("tasks", 20_000),
            WarmupTasks = args.Int("warmup-tasks", 2_000),
            Workers = args.Int("workers", 16),
            Clients = args.Int("clients", 16),
            LatencyTasks = args.Int("latency-tasks", 1_000),
            LatencyGapMs = args.Int("latency-gap-ms", 20),
            BatchSize = args.Int("batch-size", 1_000),
            BatchClients = args.Int("batch-clients", 1),
            Backlog = args.Int("backlog", 100_000),
            Sessions = args.Int("sessions", 10_000),
            SiloPids = args.List("silo-pids", "").Select(int.Parse).ToList(),
            Postgres = args.String("postgres"),
            CpuLog = args.String("cpu-log"),
            PhaseTimeout = TimeSpan.FromSeconds(args.Int("phase-timeout-seconds", 600)),
            Bearer = args.String("bearer-file") is { } file ? File.ReadAllText(file).Trim() : Environment.GetEnvironmentVariable("CLAW_BENCH_BEARER"),
            FlowKeys = args.Int("flow-control", 0),
            OutPath = args.String("out", Path.Combine("bench", "results", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture) + ".json")),
        };
        args.RejectUnknown();
        return settings;
    }
}

using System.Globalization;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Cluster.History;

/// <summary>
/// The shape of a kill run. The test command runs the defaults; <c>bench/kill-run.sh</c> runs a longer one through
/// the same code, set by <c>CLAW_KILLRUN_*</c> environment variables, so both check the same history.
/// </summary>
public sealed record KillRunSettings
{
    public int Tasks { get; init; } = 2_000;

    public int Silos { get; init; } = 3;

    public int Workers { get; init; } = 6;

    public int SlotsPerWorker { get; init; } = 4;

    public int Submitters { get; init; } = 4;

    /// <summary>Tasks are submitted evenly over this span, so they are in flight while silos die.</summary>
    public TimeSpan SubmitOver { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>Kills go on at least this long, and for as long as any task is open.</summary>
    public TimeSpan KillFor { get; init; } = TimeSpan.Zero;

    public TimeSpan KillEveryMin { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan KillEveryMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A killed silo starts again on its ports after a pause of up to this.</summary>
    public TimeSpan RestartAfterMax { get; init; } = TimeSpan.FromSeconds(3);

    public int LeaseSeconds { get; init; } = 3;

    public int MaxRetries { get; init; } = 30;

    public double BackoffSeconds { get; init; } = 1;

    public int AbandonPercent { get; init; } = 10;

    public int LatePercent { get; init; } = 10;

    public int TwicePercent { get; init; } = 10;

    /// <summary>Every this-many-th task carries a <c>concurrency_key</c> (one of <see cref="Keys"/>, limit <see cref="KeyLimit"/>); 0: none.</summary>
    public int KeyedEvery { get; init; } = 4;

    public int Keys { get; init; } = 3;

    public int KeyLimit { get; init; } = 3;

    /// <summary>The queue's <c>max_pending</c>, set before the run: high enough to admit every task at its priority's share.</summary>
    public int QueueMaxPending => Tasks * 2;

    /// <summary>The queue's <c>max_concurrent</c> lane: every task goes through it, more than the workers' slots.</summary>
    public int QueueMaxConcurrent => Workers * SlotsPerWorker * 4;

    /// <summary>
    /// Breakers are on with their default threshold (3 failures in 5 minutes); the abandons and the kills' expired
    /// leases trip them, and a short cooldown has them go half-open and close again many times during the run.
    /// </summary>
    public TimeSpan BreakerCooldown { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The queue partitions' sweep; the reminder that brings a partition back after a silo's death runs at the same period.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The nodes' lease audit: a lease whose end notice died with its sender's silo frees its slot within two periods,
    /// and the run's check for held slots waits that long.
    /// </summary>
    public TimeSpan LeaseAuditPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How fast a killed silo is declared dead.</summary>
    public MembershipTiming Membership { get; init; } = MembershipTiming.Default;

    /// <summary>The run fails rather than wait longer than this for every task to end.</summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromMinutes(6);

    public int Seed { get; init; } = Environment.TickCount;

    /// <summary>Where each silo's whole output goes (<c>CLAW_KILLRUN_LOGS</c>), with the dispatch and lease grains' information lines; none by default.</summary>
    public string? LogDirectory { get; init; }

    /// <summary>
    /// How long past its deadline a leased task may stay leased: the dead-silo detection, then one sweep period for the
    /// partition's reminder or timer to find the row, and one more for the re-drive's calls and write to land.
    /// </summary>
    public TimeSpan OverdueBudget => Membership.DetectionTime + 2 * SweepInterval;

    /// <summary>The silo settings of the run (every silo alike).</summary>
    public string[] SiloArguments(string connectionString, string clusterId) =>
    [
        "--storage", "postgres", "--connection-string", connectionString, "--cluster-id", clusterId,
        "--Claw:Dispatch:SweepInterval", Span(SweepInterval),
        "--Claw:MinimumReminderPeriod", Span(SweepInterval),
        "--Claw:Breakers:Cooldown", Span(BreakerCooldown),
        "--Claw:Nodes:LeaseAuditPeriod", Span(LeaseAuditPeriod),
        .. Membership.Arguments,
        "--Logging:LogLevel:Orleans", LogDirectory is null ? "Error" : "Warning",
        .. LogDirectory is null ? Array.Empty<string>() :
        [
            "--Logging:LogLevel:Claw.Grains.Dispatch", "Information", "--Logging:LogLevel:Claw.Grains.Tasks", "Information",
            "--Logging:LogLevel:Orleans.Runtime.MembershipService", "Information",
            "--Logging:Console:FormatterName", "simple", // without the name the formatter's options below are not read
            "--Logging:Console:FormatterOptions:TimestampFormat", "HH:mm:ss.fff ", "--Logging:Console:FormatterOptions:UseUtcTimestamp", "true",
        ],
    ];

    /// <summary>The defaults, with what <c>CLAW_KILLRUN_*</c> variables set (bench/kill-run.sh).</summary>
    public static KillRunSettings FromEnvironment()
    {
        var settings = new KillRunSettings();
        settings = Number("TASKS") is { } tasks ? settings with { Tasks = (int)tasks } : settings;
        settings = Number("SUBMIT_SECONDS") is { } submit ? settings with { SubmitOver = TimeSpan.FromSeconds(submit) } : settings;
        settings = Number("KILL_SECONDS") is { } kill ? settings with { KillFor = TimeSpan.FromSeconds(kill) } : settings;
        settings = Number("GIVE_UP_SECONDS") is { } giveUp ? settings with { GiveUpAfter = TimeSpan.FromSeconds(giveUp) } : settings;
        settings = Number("WORKERS") is { } workers ? settings with { Workers = (int)workers } : settings;
        settings = Environment.GetEnvironmentVariable("CLAW_KILLRUN_LOGS") is { Length: > 0 } logs ? settings with { LogDirectory = logs } : settings;
        return Number("SEED") is { } seed ? settings with { Seed = (int)seed } : settings;
    }

    public override string ToString() =>
        $"{Tasks} tasks over {SubmitOver.TotalSeconds:0} s, {Silos} silos, {Workers} workers x {SlotsPerWorker} slots, " +
        $"kills every {KillEveryMin.TotalSeconds:0}-{KillEveryMax.TotalSeconds:0} s (at least {KillFor.TotalSeconds:0} s), " +
        $"{LeaseSeconds} s leases, {MaxRetries} retries, {BackoffSeconds:0.#} s backoff, abandon/late/twice {AbandonPercent}/{LatePercent}/{TwicePercent} %, " +
        $"sweep {SweepInterval.TotalSeconds:0.#} s, " +
        $"queue max_pending {QueueMaxPending} / max_concurrent {QueueMaxConcurrent}, every {KeyedEvery}th task keyed ({Keys} keys, limit {KeyLimit}), breaker cooldown {BreakerCooldown.TotalSeconds:0.#} s, probes {Membership.ProbeTimeout.TotalSeconds:0.#} s x {Membership.MissedProbes}, overdue budget {OverdueBudget.TotalSeconds:0.#} s, seed {Seed}";

    private static double? Number(string name) =>
        double.TryParse(Environment.GetEnvironmentVariable("CLAW_KILLRUN_" + name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string Span(TimeSpan span) => span.ToString("c", CultureInfo.InvariantCulture);
}

using System.Diagnostics;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Cluster.History;

/// <summary>
/// A cluster history check with real failures: silo processes on one PostgreSQL database, tasks submitted over
/// HTTP while workers spread over the silos take, abandon, answer late and answer twice, and one silo SIGKILLed
/// every so often and started again on its ports. The tasks table is sampled throughout for leased tasks left past
/// their deadline; at the end every task is checked against what the workers were told.
/// </summary>
public sealed class KillRun(KillRunSettings settings, string connectionString, Action<string> log)
{
    private const int WorstMomentCompletes = 2;
    private static readonly TimeSpan WorstMomentWait = TimeSpan.FromSeconds(8);

    public async Task<KillRunReport> RunAsync()
    {
        var queue = "kill-" + Guid.NewGuid().ToString("N")[..10];
        var random = new Random(settings.Seed);
        using var data = new TempDirectory();
        await using var fleet = await SiloFleet.StartAsync(settings.Silos, data.Path, settings.SiloArguments(connectionString, "claw-" + queue), settings.LogDirectory);
        log($"{settings.Silos} silos up; queue {queue}; {settings}");

        var ledger = new RunLedger();
        await ConfigureQueueAsync(fleet, ledger, queue);
        var sampler = new OverdueSampler(connectionString, queue, settings.OverdueBudget);
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var sampling = sampler.RunAsync(stop.Token);
        var workers = Enumerable.Range(0, settings.Workers)
            .Select(w => new HttpWorker($"{queue}-w{w}", queue, new FleetClient(fleet, ledger, w), settings, ledger, new Random(random.Next())).RunAsync(stop.Token))
            .ToList();
        var submitting = Task.WhenAll(Enumerable.Range(0, settings.Submitters)
            .Select(s => new TaskSubmitter(s, settings.Submitters, queue, new FleetClient(fleet, ledger, s), settings, ledger).RunAsync(clock, stop.Token)));

        List<SiloKill> kills;
        try
        {
            kills = await KillUntilDoneAsync(fleet, sampler, ledger, submitting, clock, random);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(workers);
            await sampling;
        }

        await submitting; // its failure (a submit never accepted) is the run's
        var duration = clock.Elapsed;
        var history = (await FinalHistory.ReadAsync(connectionString, queue)).Judge(ledger);
        var heldSlots = await HeldSlotsAsync(fleet, ledger, queue);
        var flow = new FlowFigures(sampler.MaxLeasedPerKey, await BreakersOpenedAsync(queue));
        return new KillRunReport(
            settings, ledger.Submitted.Count, history.Completed, history.NotCompleted, history.CompletedNotOnce, history.AcceptedFromTwoLeases,
            history.AcceptedNotFinal, ledger.LateAccepted, ledger.ServerErrorCount, ledger.ServerErrorSamples, kills, sampler.MaxOverdue,
            sampler.Violations, sampler.Samples, heldSlots, duration, ledger, flow);
    }

    /// <summary>Flow control on for the run: the queue's cap (high enough to admit every task) and a concurrency lane.</summary>
    private async Task ConfigureQueueAsync(SiloFleet fleet, RunLedger ledger, string queue)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var body = $$"""{"max_pending":{{settings.QueueMaxPending}},"max_concurrent":{{settings.QueueMaxConcurrent}}}""";
        var (status, text) = await new FleetClient(fleet, ledger, 0).SendAsync(
            "queue", http => http.PutAsync($"/api/v1/queues/{queue}", HttpAssertions.Json(body)), patience.Token);
        Assert.True(status == System.Net.HttpStatusCode.OK, $"PUT /queues/{queue}: {(int)status} {text}");
    }

    /// <summary>How many times a worker's breaker opened during the run (<c>node.breaker_opened</c> events).</summary>
    private async Task<int> BreakersOpenedAsync(string queue)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM claw_events WHERE type = 'node.breaker_opened' AND node_id LIKE @workers", connection);
        command.Parameters.AddWithValue("workers", queue + "-w%");
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// With every task ended, no worker's node may still count a lease: a slot held for a lease that ended is capacity
    /// the node never gets back. A lease whose end notice was lost with a silo is freed by the node's audit within two
    /// of its periods, so the check waits that long (and a little) before it counts.
    /// </summary>
    private async Task<List<string>> HeldSlotsAsync(SiloFleet fleet, RunLedger ledger, string queue)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var client = new FleetClient(fleet, ledger, 0);
        var until = DateTimeOffset.UtcNow + 3 * settings.LeaseAuditPeriod + TimeSpan.FromSeconds(2);
        while (true)
        {
            var held = await ReadHeldSlotsAsync(client, queue, patience.Token);
            if (held.Count == 0 || DateTimeOffset.UtcNow > until)
            {
                return held;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), patience.Token);
        }
    }

    private async Task<List<string>> ReadHeldSlotsAsync(FleetClient client, string queue, CancellationToken cancellationToken)
    {
        var held = new List<string>();
        for (var w = 0; w < settings.Workers; w++)
        {
            var (status, text) = await client.SendAsync("node", http => http.GetAsync($"/api/v1/nodes/{queue}-w{w}"), cancellationToken);
            var leases = status == System.Net.HttpStatusCode.OK ? System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("active_leases").GetInt32() : -1;
            if (leases != 0)
            {
                held.Add($"node {queue}-w{w}: {(int)status}, active_leases {leases}");
            }
        }

        return held;
    }

    /// <summary>
    /// Kills a random silo every <see cref="KillRunSettings.KillEveryMin"/>–<see cref="KillRunSettings.KillEveryMax"/>
    /// (counted from the previous kill) and restarts it, until every task has ended and the kill time is served, or the
    /// run gives up. A kill happens only while tasks are leased, so none of them is wasted on an idle cluster.
    /// </summary>
    private async Task<List<SiloKill>> KillUntilDoneAsync(SiloFleet fleet, OverdueSampler sampler, RunLedger ledger, Task submitting, Stopwatch clock, Random random)
    {
        var kills = new List<SiloKill>();
        var deaths = new DeathWatch(connectionString);
        var nextKill = clock.Elapsed + Between(random, settings.KillEveryMin, settings.KillEveryMax);
        while (clock.Elapsed < settings.GiveUpAfter)
        {
            var (open, leased) = await sampler.CountOpenAsync();
            var done = submitting.IsCompleted && open == 0;
            if (done && clock.Elapsed >= settings.KillFor)
            {
                return kills;
            }

            if (submitting.IsCompleted && open > 0 && open == sampler.Stuck)
            {
                log($"{clock.Elapsed.TotalSeconds:F0} s: the {open} open tasks have been overdue for over a minute; the run stops");
                return kills;
            }

            if (clock.Elapsed < nextKill || leased == 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500));
                continue;
            }

            var victim = random.Next(fleet.Count);
            var generation = await deaths.ActiveGenerationAsync(fleet.SiloPort(victim));
            var inFlight = await WorstMomentAsync(ledger);
            var at = clock.Elapsed;
            fleet.Kill(victim);
            var killed = Stopwatch.StartNew();
            var declared = generation is { } g ? deaths.DeclaredDeadAsync(fleet.SiloPort(victim), g, killed) : Task.FromResult<TimeSpan?>(null);
            log($"{at.TotalSeconds:F0} s: killed silo {victim} with {open} tasks open, {leased} leased, {inFlight} completes in flight");
            await Task.Delay(Between(random, TimeSpan.Zero, settings.RestartAfterMax));
            await fleet.RestartAsync(victim);
            kills.Add(new SiloKill(at, victim, open, leased, inFlight, await declared, clock.Elapsed - at));
            log($"{clock.Elapsed.TotalSeconds:F0} s: silo {victim} is back");
            // Counted from the planned time, so waits for the worst moment do not add up; a slow restart still gets half an interval.
            nextKill += Between(random, settings.KillEveryMin, settings.KillEveryMax);
            nextKill = nextKill > clock.Elapsed + settings.KillEveryMin / 2 ? nextKill : clock.Elapsed + settings.KillEveryMin / 2;
        }

        log($"gave up after {clock.Elapsed.TotalSeconds:F0} s with tasks still open");
        return kills;
    }

    /// <summary>
    /// Waits (a few seconds at most) for a moment when several completes are in flight: each is two writes, the
    /// lease's then the task's, and a kill between them is the worst moment for the task. Answers how many there were.
    /// </summary>
    private static async Task<int> WorstMomentAsync(RunLedger ledger)
    {
        var waited = Stopwatch.StartNew();
        int inFlight;
        while ((inFlight = Volatile.Read(ref ledger.CompletesInFlight)) < WorstMomentCompletes && waited.Elapsed < WorstMomentWait)
        {
            await Task.Delay(5);
        }

        return inFlight;
    }

    private static TimeSpan Between(Random random, TimeSpan min, TimeSpan max) => min + (max - min) * random.NextDouble();
}

using Claw.Abstractions.Tasks;
using Claw.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Claw.Tests.Faults;

/// <summary>Kills things at the worst moment and counts outcomes: no task lost, none completed twice, no stale result accepted.</summary>
public sealed class FaultTests(ITestOutputHelper output)
{
    private static readonly (string, string)[] FastFaults =
    [
        ("Claw:Nodes:CrashAfter", "00:00:02"),
        ("Claw:Dispatch:SweepInterval", "00:00:01"),
        ("Claw:Dispatch:TakeGrace", "00:00:03"),

        // The checker's workers misbehave on purpose (abandon, answer late) and a kill expires their leases: with breakers
        // they would be barred for minutes. What these tests check is the lease lifecycle; breakers have their own tests.
        ("Claw:Breakers:Failures", "0"),
    ];

    [Fact]
    public async Task History_checker_with_crashing_stalling_and_duplicating_workers_loses_and_duplicates_nothing()
    {
        var tasks = int.TryParse(Environment.GetEnvironmentVariable("CLAW_CHECKER_TASKS"), out var n) ? n : 1000;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CLAW_CHECKER_SEED"), out var s) ? s : 20261124;
        using var data = new TempDirectory();
        await using var cluster = await SqliteCluster.StartAsync(data.Path, "claw-checker-" + seed, silos: 2, settings: FastFaults);

        var report = await new HistoryChecker(cluster.GrainFactory, tasks, workers: 8, seed).RunAsync(TimeSpan.FromMinutes(4));
        output.WriteLine(report.ToString());
        AssertClean(report, tasks);
    }

    [Fact]
    public async Task Killing_a_silo_mid_run_still_completes_every_task_exactly_once()
    {
        using var data = new TempDirectory();
        await using var cluster = await SqliteCluster.StartAsync(data.Path, "claw-kill-" + Guid.NewGuid().ToString("N")[..8], silos: 3, settings: FastFaults);
        var victim = cluster.SecondarySilos[0];
        var checker = new HistoryChecker(cluster.GrainFactory, tasks: 300, workers: 6, seed: 7)
        {
            MidRunFault = () => cluster.KillSiloAsync(victim),
        };

        var report = await checker.RunAsync(TimeSpan.FromMinutes(4));
        output.WriteLine(report.ToString());
        AssertClean(report, 300);
        AssertFaultHitWorkInFlight(report);
    }

    [Fact]
    public async Task History_checker_on_postgres_with_a_silo_killed_mid_run_loses_and_duplicates_nothing()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        await using var cluster = await SqliteCluster.StartOnPostgresAsync(postgres.ConnectionString, "claw-pg-checker", silos: 3, settings: FastFaults);
        var victim = cluster.SecondarySilos[0];
        var checker = new HistoryChecker(cluster.GrainFactory, tasks: 500, workers: 8, seed: 11)
        {
            MidRunFault = () => cluster.KillSiloAsync(victim),
        };

        var report = await checker.RunAsync(TimeSpan.FromMinutes(4));
        output.WriteLine(report.ToString());
        AssertClean(report, 500);
        AssertFaultHitWorkInFlight(report);
    }

    [Fact]
    public async Task A_full_cluster_restart_with_pending_and_leased_tasks_rebuilds_the_index_and_loses_nothing()
    {
        using var data = new TempDirectory();
        var serviceId = "claw-restart-" + Guid.NewGuid().ToString("N")[..8];
        var queue = "restart-q";
        List<string> ids;
        await using (var first = await SqliteCluster.StartAsync(data.Path, serviceId, silos: 2, settings: FastFaults))
        {
            var submitted = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => first.GrainFactory.GetGrain<ITaskGrain>($"restart-{serviceId}-{i}")
                .SubmitAsync(new TaskSubmission(queue, null, null, TaskPriority.Normal, TaskRequirements.None, 2, 3, new RetryBackoff(0, 1, 0), null, false, null, null, DispatchMode.Auto, null, "restart", null))));
            ids = [.. submitted.Select(r => r.Task.Id)];
            var ledger = new WorkLedger();
            var holder = first.GrainFactory.GetGrain<Abstractions.Nodes.INodeGrain>("restart-holder");
            await holder.RegisterAsync(new(serviceId, [], Abstractions.Nodes.NodeResources.None, [], System.Collections.Immutable.ImmutableDictionary<string, string>.Empty, null, 5, null, null));
            var leased = await holder.PollAsync(new([queue], 5, TimeSpan.Zero));
            Assert.Equal(5, leased.Length);
            await first.StopAllSilosAsync();
        }

        await using var second = await SqliteCluster.StartAsync(data.Path, serviceId, silos: 2, settings: FastFaults);
        var ledger2 = new WorkLedger();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var done = 0;
        var worker = new GrainWorker(second.GrainFactory, queue, "restart-worker", () => WorkerMove.Complete, TimeSpan.FromSeconds(1), ledger2)
            .RunAsync(() => Volatile.Read(ref done) == 1, stop.Token);
        await Eventually.Until(
            async () => (await Task.WhenAll(ids.Select(id => second.GrainFactory.GetGrain<ITaskGrain>(id).GetAsync()))).Count(v => v!.Status == ClawTaskStatus.Completed),
            count => count == ids.Count, TimeSpan.FromMinutes(1), "all 20 tasks (15 pending, 5 leased before the restart) to complete");
        Volatile.Write(ref done, 1);
        await worker;
        Assert.All(ids, id => Assert.Single(ledger2.Accepted[id]));
    }

    [Fact]
    public async Task Pending_tasks_the_index_lost_are_put_back_by_the_sweep()
    {
        using var data = new TempDirectory();
        await using var cluster = await SqliteCluster.StartAsync(data.Path, "claw-recover-" + Guid.NewGuid().ToString("N")[..8], silos: 1, settings: FastFaults);
        var grains = cluster.GrainFactory;
        var queue = "recover-q";
        var submit = new TaskSubmission(queue, null, null, TaskPriority.Normal, TaskRequirements.None, 30, 3, new RetryBackoff(0, 1, 0), null, false, null, null, DispatchMode.Auto, null, "recover", null);
        var takenButNeverLeased = (await grains.GetGrain<ITaskGrain>("recover-taken").SubmitAsync(submit)).Task.Id;
        var enqueueLost = (await grains.GetGrain<ITaskGrain>("recover-lost").SubmitAsync(submit)).Task.Id;

        // A taker that dies before leasing, and an enqueue that never arrived: both stay pending in the table only.
        var partition = grains.GetGrain<Abstractions.Dispatch.IQueueGrain>(Grains.Dispatch.QueueKeys.Key(queue, 0));
        var ghost = new Abstractions.Nodes.NodeProfile("ghost", [], Abstractions.Nodes.NodeResources.None, [], System.Collections.Immutable.ImmutableDictionary<string, string>.Empty, null);
        Assert.Equal([takenButNeverLeased], (await partition.TakeAsync(ghost, 1)).ToArray());
        await partition.RemoveAsync(enqueueLost);
        Assert.Equal(0, await partition.DepthAsync());

        var node = grains.GetGrain<Abstractions.Nodes.INodeGrain>("recover-node");
        await node.RegisterAsync(new("recover", [], Abstractions.Nodes.NodeResources.None, [], System.Collections.Immutable.ImmutableDictionary<string, string>.Empty, null, 5, null, null));
        Assert.Empty(await node.PollAsync(new([queue], 5, TimeSpan.Zero)));

        var leased = new List<string>();
        await Eventually.Until(
            async () =>
            {
                leased.AddRange((await node.PollAsync(new([queue], 5, TimeSpan.FromSeconds(5)))).Select(a => a.TaskId));
                return leased.Count;
            },
            count => count >= 2, TimeSpan.FromSeconds(30), "the sweep to put both tasks back and the node to lease them");
        Assert.Equal([enqueueLost, takenButNeverLeased], leased.Order(StringComparer.Ordinal));
    }

    /// <summary>A silo killed after the work ended, or before it began, would prove nothing about the work.</summary>
    private static void AssertFaultHitWorkInFlight(CheckerReport report)
    {
        Assert.True(report.OpenAtFault > 0, "no task was open when the silo was killed: " + report);
        Assert.True(report.LeasedAtFault > 0, "no task was leased when the silo was killed: " + report);
    }

    private static void AssertClean(CheckerReport report, int tasks)
    {
        Assert.Equal(tasks, report.Tasks);
        Assert.Equal(0, report.Lost);
        Assert.Equal(0, report.Duplicated);
        Assert.Equal(0, report.StaleAccepted);
        Assert.Equal(0, report.TimelineMismatches);
        Assert.Equal(0, report.OtherResultAccepted);
        Assert.Equal(tasks, report.Completed + report.FailedByPolicy);
        Assert.True(report.FaultsInjected > 0, "the run injected no faults, so it proved nothing");
        Assert.True(report.Refusals.ContainsKey("lease_expired") || report.Refusals.ContainsKey("stale_lease"), "no zombie result was ever presented");
    }
}

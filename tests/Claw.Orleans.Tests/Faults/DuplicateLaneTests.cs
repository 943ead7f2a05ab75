using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Swarms;
using Claw.Abstractions.Tasks;
using Claw.Grains.Dispatch;
using Claw.Grains.Telemetry;
using Claw.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Claw.Tests.Faults;

/// <summary>
/// A concurrency key's grain and a swarm's grain count their running tasks in memory, and after a silo's death two
/// activations of one may exist for a moment, each counting apart. Two clusters on one database stand in for them: each
/// has its own activation, and the database must refuse the lease that would pass the limit (to a poll, and to an
/// assign by hand with a 409); the refused task runs once the slot frees.
/// </summary>
public sealed class DuplicateLaneTests
{
    private const string Queue = "dup-lane-q";

    /// <summary>What limits the tasks to one at a time: a concurrency key, or a swarm (made first, by the first cluster).</summary>
    public enum Limit
    {
        Key,
        Swarm,
    }

    [Theory]
    [InlineData(Limit.Key)]
    [InlineData(Limit.Swarm)]
    public async Task Two_activations_of_a_limits_grain_on_sqlite_never_lease_past_it_and_the_refused_task_runs_after_the_slot_frees(Limit limit)
    {
        using var data = new TempDirectory();
        var serviceId = "claw-dup-lane-" + Guid.NewGuid().ToString("N")[..8];
        await LeasesPastTheLimitAreRefusedAsync(limit, id => SqliteCluster.StartAsync(data.Path, serviceId + id, silos: 1));
    }

    [Theory]
    [InlineData(Limit.Key)]
    [InlineData(Limit.Swarm)]
    public async Task Two_activations_of_a_limits_grain_on_postgres_never_lease_past_it_and_the_refused_task_runs_after_the_slot_frees(Limit limit)
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        var serviceId = "claw-dup-lane-" + Guid.NewGuid().ToString("N")[..8];
        await LeasesPastTheLimitAreRefusedAsync(limit, id => SqliteCluster.StartOnPostgresAsync(postgres.ConnectionString, serviceId + id, silos: 1));
    }

    private static async Task LeasesPastTheLimitAreRefusedAsync(Limit limit, Func<string, Task<TestCluster>> start)
    {
        using var refusals = new RefusalCount();
        await using var first = await start("-a");
        await using var second = await start("-b");
        var (one, two) = (first.GrainFactory, second.GrainFactory);
        var swarm = limit == Limit.Swarm ? await CreateSwarmAsync(one) : null;
        var running = one.GetGrain<ITaskGrain>("dup-running");
        var refused = two.GetGrain<ITaskGrain>("dup-refused");
        await running.SubmitAsync(Submission(limit, swarm));
        await refused.SubmitAsync(Submission(limit, swarm));

        // Both activations count from the table while nothing runs: each has room for one.
        Assert.Equal(0, await RunningAsync(one, limit));
        Assert.Equal(0, await RunningAsync(two, limit));
        var counted = DateTimeOffset.UtcNow;

        var lease = Assert.Single(await (await RegisterAsync(one, "dup-node-a", swarm)).PollAsync(new([Queue], 1, TimeSpan.FromSeconds(5))));
        Assert.Equal("dup-running", lease.TaskId);
        var otherNode = await RegisterAsync(two, "dup-node-b", swarm);
        var byHand = await Assert.ThrowsAsync<ClawException>(() => otherNode.AssignAsync("dup-refused"));
        Assert.Equal(ErrorCodes.NodeUnavailable, byHand.Code);
        Assert.Equal(1, refusals.Value);
        Assert.Empty(await otherNode.PollAsync(new([Queue], 1, TimeSpan.FromSeconds(1))));
        Assert.Equal(2, refusals.Value); // the poll's lease was written and refused too (claw_leases_refused_at_limit_total)

        // The second activation had not recounted yet (it heals every 5 s): its memory granted the slot, the table did not.
        Assert.True(DateTimeOffset.UtcNow - counted < TimeSpan.FromSeconds(5), "the second activation may have recounted before it was asked: nothing was tested");
        Assert.Equal(ClawTaskStatus.Assigned, (await running.GetAsync())!.Status);
        var waiting = (await refused.GetAsync())!;
        Assert.Equal((ClawTaskStatus.Pending, 1, null), (waiting.Status, waiting.Attempt, waiting.NodeId));

        // The slot frees: the refused task was parked with the second activation, which re-drives it once its recount sees room.
        Assert.Equal(ClawTaskStatus.Completed, (await running.CompleteAsync(new LeaseProof(lease.LeaseId, lease.LeaseToken, null), """{"ok":true}""")).Status);
        var next = await Eventually.Until(
            () => otherNode.PollAsync(new([Queue], 1, TimeSpan.FromSeconds(2))), l => l.Length > 0, TimeSpan.FromSeconds(30), "the refused task to run after the slot freed");
        Assert.Equal("dup-refused", Assert.Single(next).TaskId);
    }

    private static async Task<string> CreateSwarmAsync(IGrainFactory grains)
    {
        var swarm = grains.GetGrain<ISwarmGrain>("dup-swarm");
        await swarm.CreateAsync(new SwarmSpec("dup", null, null, 1, 30, [], HealthThresholds.Default, null, null));
        await Eventually.Until(async () => (await swarm.GetAsync())!.Status, s => s == SwarmStatus.Running, TimeSpan.FromSeconds(30), "the swarm to run");
        return "dup-swarm";
    }

    /// <summary>Activates the limit's grain in this cluster (it counts from the table as it activates): its running tasks.</summary>
    private static async Task<int> RunningAsync(IGrainFactory grains, Limit limit) => limit == Limit.Key
        ? await grains.GetGrain<IConcurrencyKeyGrain>(ConcurrencyLanes.OfKey("dup-tenant")).RunningAsync()
        : (await grains.GetGrain<ISwarmGrain>("dup-swarm").GetAsync())!.ActiveTasks;

    private static TaskSubmission Submission(Limit limit, string? swarm) => new(
        Queue, null, null, TaskPriority.Normal, TaskRequirements.None, 60, 3, new RetryBackoff(0, 1, 0), null, false, null, swarm,
        DispatchMode.Auto, null, "dup-lane", null, ConcurrencyKey: limit == Limit.Key ? "dup-tenant" : null, ConcurrencyLimit: limit == Limit.Key ? 1 : null);

    private static async Task<INodeGrain> RegisterAsync(IGrainFactory grains, string nodeId, string? swarm)
    {
        var node = grains.GetGrain<INodeGrain>(nodeId);
        await node.RegisterAsync(new(nodeId, [], NodeResources.None, [], ImmutableDictionary<string, string>.Empty, null, 1, swarm, null));
        return node;
    }

    /// <summary>The refusals of this test's queue on <c>claw.leases.refused_at_limit</c>, from every silo's meter in this process.</summary>
    private sealed class RefusalCount : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _value;

        public RefusalCount()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ClawMetrics.MeterName && instrument.Name == "claw.leases.refused_at_limit")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag is { Key: "queue", Value: Queue })
                    {
                        Interlocked.Add(ref _value, value);
                    }
                }
            });
            _listener.Start();
        }

        public long Value => Interlocked.Read(ref _value);

        public void Dispose() => _listener.Dispose();
    }
}

using System.Collections.Immutable;
using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Tasks;
using Claw.Grains.Dispatch;
using Claw.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Claw.Tests.Faults;

/// <summary>
/// A concurrency key's grain counts its running tasks in memory, and after a silo's death two activations of it may
/// exist for a moment, each counting apart. Two clusters on one database stand in for them: each has its own
/// activation of the key's grain, and the database must refuse the lease that would pass the key's limit.
/// </summary>
public sealed class DuplicateLaneTests
{
    private const string Queue = "dup-lane-q";
    private const string Key = "dup-tenant";

    [Fact]
    public async Task Two_activations_of_a_keys_grain_on_sqlite_never_lease_past_its_limit_and_the_refused_task_runs_after_the_slot_frees()
    {
        using var data = new TempDirectory();
        var serviceId = "claw-dup-lane-" + Guid.NewGuid().ToString("N")[..8];
        await LeasesPastTheLimitAreRefusedAsync(id => SqliteCluster.StartAsync(data.Path, serviceId + id, silos: 1));
    }

    [Fact]
    public async Task Two_activations_of_a_keys_grain_on_postgres_never_lease_past_its_limit_and_the_refused_task_runs_after_the_slot_frees()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        var serviceId = "claw-dup-lane-" + Guid.NewGuid().ToString("N")[..8];
        await LeasesPastTheLimitAreRefusedAsync(id => SqliteCluster.StartOnPostgresAsync(postgres.ConnectionString, serviceId + id, silos: 1));
    }

    private static async Task LeasesPastTheLimitAreRefusedAsync(Func<string, Task<TestCluster>> start)
    {
        await using var first = await start("-a");
        await using var second = await start("-b");
        var (one, two) = (first.GrainFactory, second.GrainFactory);
        var running = one.GetGrain<ITaskGrain>("dup-running");
        var refused = two.GetGrain<ITaskGrain>("dup-refused");
        await running.SubmitAsync(Submission());
        await refused.SubmitAsync(Submission());

        // Both activations count from the table while nothing runs: each has room for one.
        var lane = ConcurrencyLanes.OfKey(Key);
        Assert.Equal(0, await one.GetGrain<IConcurrencyKeyGrain>(lane).RunningAsync());
        Assert.Equal(0, await two.GetGrain<IConcurrencyKeyGrain>(lane).RunningAsync());
        var counted = DateTimeOffset.UtcNow;

        var lease = Assert.Single(await (await RegisterAsync(one, "dup-node-a")).PollAsync(new([Queue], 1, TimeSpan.FromSeconds(5))));
        Assert.Equal("dup-running", lease.TaskId);
        var otherNode = await RegisterAsync(two, "dup-node-b");
        Assert.Empty(await otherNode.PollAsync(new([Queue], 1, TimeSpan.FromSeconds(1))));

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

    private static TaskSubmission Submission() => new(
        Queue, null, null, TaskPriority.Normal, TaskRequirements.None, 60, 3, new RetryBackoff(0, 1, 0), null, false, null, null,
        DispatchMode.Auto, null, "dup-lane", null, ConcurrencyKey: Key, ConcurrencyLimit: 1);

    private static async Task<INodeGrain> RegisterAsync(IGrainFactory grains, string nodeId)
    {
        var node = grains.GetGrain<INodeGrain>(nodeId);
        await node.RegisterAsync(new(nodeId, [], NodeResources.None, [], ImmutableDictionary<string, string>.Empty, null, 1, null, null));
        return node;
    }
}

using System.Collections.Immutable;
using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Queues;
using Claw.Abstractions.Tasks;
using Claw.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Claw.Tests.FlowControl;

/// <summary>
/// Flow control across two silos on PostgreSQL: one owner per queue, per concurrency key and per node's breakers, so
/// what one silo decided holds on the other, and a silo's death loses neither a breaker nor a key's slot for good.
/// </summary>
public sealed class FlowClusterTests
{
    private static readonly (string, string)[] FastSweeps = [("Claw:Dispatch:SweepInterval", "00:00:01")];

    [Fact]
    public async Task Sixteen_submitters_on_two_silos_never_pass_one_queues_cap_and_nodes_on_both_never_pass_one_keys_limit()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        await using var cluster = await SqliteCluster.StartOnPostgresAsync(postgres.ConnectionString, "claw-flow-cap-" + Guid.NewGuid().ToString("N")[..8], silos: 2, FastSweeps);
        var grains = cluster.GrainFactory;
        await grains.GetGrain<IQueueControlGrain>("capped").PutAsync(QueueSettings.None with { MaxPending = 40 });

        var accepted = 0;
        var refused = 0;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async submitter =>
        {
            for (var i = 0; i < 10; i++)
            {
                try
                {
                    await grains.GetGrain<ITaskGrain>($"cap-{submitter}-{i}").SubmitAsync(Submission("capped", TaskPriority.Critical, key: "tenant", limit: 3));
                    Interlocked.Increment(ref accepted);
                }
                catch (ClawException ex) when (ex.Code == ErrorCodes.QueueFull)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        }));

        Assert.Equal(40, accepted); // exactly the cap: nothing over-admitted, nothing refused below it
        Assert.Equal(120, refused);
        Assert.Equal(40, (await grains.GetGrain<IQueueControlGrain>("capped").GetAsync()).Depth.Total);

        var nodes = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => RegisterAsync(grains, $"cap-node-{i}", slots: 5)));
        var leased = await Task.WhenAll(nodes.Select(n => n.PollAsync(new(["capped"], 5, TimeSpan.FromSeconds(2)))));
        Assert.Equal(3, leased.Sum(l => l.Length)); // the key's limit, though four nodes with twenty slots asked at once
        Assert.Equal(3, await grains.GetGrain<IConcurrencyKeyGrain>("key:tenant").RunningAsync());
    }

    [Fact]
    public async Task A_breaker_opened_on_one_silo_still_bars_its_type_after_the_silo_holding_the_node_dies()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        await using var cluster = await SqliteCluster.StartOnPostgresAsync(postgres.ConnectionString, "claw-flow-breaker-" + Guid.NewGuid().ToString("N")[..8], silos: 2,
            [.. FastSweeps, ("Claw:Breakers:Cooldown", "01:00:00")]);
        var grains = cluster.GrainFactory;
        var (nodeId, node) = await OnSecondaryAsync(cluster, "breaker-node");
        foreach (var (type, i) in new[] { "bad", "good", "bad", "good", "bad" }.Select((t, i) => (t, i)))
        {
            // A good task between the bad ones keeps the node's own breaker closed: only the bad type's opens.
            await grains.GetGrain<ITaskGrain>($"{type}-{i}").SubmitAsync(Submission("breaker-q", TaskPriority.Normal, type: type));
            var assignment = Assert.Single(await node.PollAsync(new(["breaker-q"], 1, TimeSpan.FromSeconds(5))));
            var proof = new LeaseProof(assignment.LeaseId, assignment.LeaseToken, null);
            await (type == "bad" ? grains.GetGrain<ITaskGrain>(assignment.TaskId).FailAsync(proof, "broken", retriable: false) : grains.GetGrain<ITaskGrain>(assignment.TaskId).CompleteAsync(proof, null));
        }

        await Eventually.Until(() => node.GetBreakersAsync(), b => b.Any(x => x.TaskType == "bad" && x.State == BreakerState.Open), TimeSpan.FromSeconds(30), "the bad type's breaker to open");
        await cluster.KillSiloAsync(cluster.SecondarySilos[0]);

        // The node grain comes back on the surviving silo from its row: the breaker is still open, and dispatch there obeys it.
        await grains.GetGrain<ITaskGrain>("bad-after").SubmitAsync(Submission("breaker-q", TaskPriority.Normal, type: "bad"));
        await grains.GetGrain<ITaskGrain>("good-after").SubmitAsync(Submission("breaker-q", TaskPriority.Normal, type: "good"));
        var after = grains.GetGrain<INodeGrain>(nodeId);
        var taken = await Eventually.Until(() => after.PollAsync(new(["breaker-q"], 1, TimeSpan.FromSeconds(2))), l => l.Length > 0, TimeSpan.FromSeconds(60), "a poll on the surviving silo");
        Assert.Equal("good-after", Assert.Single(taken).TaskId);
        Assert.Empty(await after.PollAsync(new(["breaker-q"], 1, TimeSpan.FromSeconds(1))));
        Assert.Contains(await after.GetBreakersAsync(), b => b.TaskType == "bad" && b.State == BreakerState.Open);
    }

    [Fact]
    public async Task A_silo_killed_while_a_key_is_at_its_limit_does_not_hold_the_slot_for_ever()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        await using var cluster = await SqliteCluster.StartOnPostgresAsync(postgres.ConnectionString, "claw-flow-slot-" + Guid.NewGuid().ToString("N")[..8], silos: 2, FastSweeps);
        var grains = cluster.GrainFactory;
        var key = await KeyOnSecondaryAsync(cluster);
        await grains.GetGrain<ITaskGrain>("slot-first").SubmitAsync(Submission("slot-q", TaskPriority.Normal, key: key, limit: 1, timeoutSeconds: 2));
        await grains.GetGrain<ITaskGrain>("slot-second").SubmitAsync(Submission("slot-q", TaskPriority.Normal, key: key, limit: 1, timeoutSeconds: 2));
        var holder = await RegisterAsync(grains, "slot-holder", slots: 2);
        var first = Assert.Single(await holder.PollAsync(new(["slot-q"], 2, TimeSpan.FromSeconds(2)))); // the key is at its limit

        // The silo holding the key's slots dies, and the holder never reports: only its lease's expiry can free the slot.
        await cluster.KillSiloAsync(cluster.SecondarySilos[0]);
        var other = await RegisterAsync(grains, "slot-other", slots: 2);
        var next = await Eventually.Until(() => other.PollAsync(new(["slot-q"], 2, TimeSpan.FromSeconds(2))), l => l.Length > 0, TimeSpan.FromSeconds(120), "the key's slot to come free");
        Assert.Single(next); // still one at a time
        var status = (await grains.GetGrain<ITaskGrain>(first.TaskId).GetAsync())!;
        Assert.True(status.Attempt > 1 || next[0].TaskId != first.TaskId, "the first attempt's lease had to end before the key let another task run");
    }

    /// <summary>A node whose grain is active on the secondary silo (the one the test kills), registered.</summary>
    private static async Task<(string Id, INodeGrain Node)> OnSecondaryAsync(TestCluster cluster, string prefix)
    {
        var secondary = cluster.SecondarySilos[0].SiloAddress;
        var management = cluster.GrainFactory.GetGrain<IManagementGrain>(0);
        for (var i = 0; ; i++)
        {
            var id = $"{prefix}-{i}";
            var node = await RegisterAsync(cluster.GrainFactory, id, slots: 1);
            if (await management.GetActivationAddress(node) == secondary)
            {
                return (id, node);
            }
        }
    }

    /// <summary>A concurrency key whose lane grain is active on the secondary silo.</summary>
    private static async Task<string> KeyOnSecondaryAsync(TestCluster cluster)
    {
        var secondary = cluster.SecondarySilos[0].SiloAddress;
        var management = cluster.GrainFactory.GetGrain<IManagementGrain>(0);
        for (var i = 0; ; i++)
        {
            var lane = cluster.GrainFactory.GetGrain<IConcurrencyKeyGrain>($"key:tenant-{i}");
            await lane.RunningAsync();
            if (await management.GetActivationAddress(lane) == secondary)
            {
                return $"tenant-{i}";
            }
        }
    }

    private static TaskSubmission Submission(string queue, TaskPriority priority, string? type = null, string? key = null, int? limit = null, int timeoutSeconds = 60) => new(
        queue, type, null, priority, TaskRequirements.None, timeoutSeconds, 0, new RetryBackoff(0, 1, 0), null, false, null, null,
        DispatchMode.Auto, null, "flow", null, ConcurrencyKey: key, ConcurrencyLimit: limit);

    private static async Task<INodeGrain> RegisterAsync(IGrainFactory grains, string nodeId, int slots)
    {
        var node = grains.GetGrain<INodeGrain>(nodeId);
        await node.RegisterAsync(new(nodeId, [], NodeResources.None, [], ImmutableDictionary<string, string>.Empty, null, slots, null, null));
        return node;
    }
}

using System.Collections.Immutable;
using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Tasks;
using Claw.Grains.Dispatch;
using Claw.Tests.Infrastructure;
using Orleans.TestingHost;
using static Claw.Tests.Infrastructure.GrainCallData;

namespace Claw.Tests.Faults;

/// <summary>
/// A task submitted while a node waits is leased to that node in the write that creates it. Every way that write can
/// fail or be refused must leave the task runnable exactly once and every live lease with its holder.
/// </summary>
public sealed class HandOffTests
{
    private static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_task_submitted_while_a_node_waits_is_created_already_assigned_to_it()
    {
        using var data = new TempDirectory();
        await using var cluster = await StartAsync(data.Path, "handoff");
        var grains = cluster.GrainFactory;
        var node = await RegisterAsync(grains, "handoff-node");
        var poll = node.PollAsync(new(["handoff-q"], 1, LongPoll));
        await WaitingAsync(grains, "handoff-q");

        var submitted = (await grains.GetGrain<ITaskGrain>("handoff-task").SubmitAsync(Submission("handoff-q"))).Task;

        Assert.Equal(ClawTaskStatus.Assigned, submitted.Status);
        Assert.Equal("handoff-node", submitted.NodeId);
        var assignment = Assert.Single(await poll);
        Assert.Equal(submitted.LeaseId, assignment.LeaseId);
        var timeline = await grains.GetGrain<ITaskGrain>("handoff-task").GetTimelineAsync();
        Assert.Equal(["created", "queued", "assigned"], timeline.Select(e => e.Type));
        var done = await grains.GetGrain<ITaskGrain>("handoff-task").CompleteAsync(Proof(assignment), null);
        Assert.Equal(ClawTaskStatus.Completed, done.Status);
        Assert.Equal(0, await grains.GetGrain<IQueueGrain>(QueueKeys.Key("handoff-q", 0)).DepthAsync());
    }

    [Fact]
    public async Task A_repeated_submit_to_a_fresh_activation_does_not_hand_a_leased_task_to_another_waiting_node()
    {
        using var data = new TempDirectory();
        var serviceId = "claw-handoff-replay-" + Guid.NewGuid().ToString("N")[..8];
        Assignment first;
        await using (var before = await SqliteCluster.StartAsync(data.Path, serviceId, silos: 1))
        {
            await before.GrainFactory.GetGrain<ITaskGrain>("replayed-task").SubmitAsync(Submission("replay-q", fingerprint: "body-1"));
            var holder = await RegisterAsync(before.GrainFactory, "replay-holder");
            first = Assert.Single(await holder.PollAsync(new(["replay-q"], 1, TimeSpan.FromSeconds(5))));
            await before.StopAllSilosAsync();
        }

        // After the restart the task grain is new and has read nothing; the submit's insert is refused only at commit.
        await using var after = await SqliteCluster.StartAsync(data.Path, serviceId, silos: 1);
        var grains = after.GrainFactory;
        var other = await RegisterAsync(grains, "replay-other");
        var poll = other.PollAsync(new(["replay-q"], 1, TimeSpan.FromSeconds(3)));
        await WaitingAsync(grains, "replay-q");

        var replay = await grains.GetGrain<ITaskGrain>("replayed-task").SubmitAsync(Submission("replay-q", fingerprint: "body-1"));

        Assert.True(replay.Replayed);
        Assert.Equal(("replay-holder", first.LeaseId), (replay.Task.NodeId, replay.Task.LeaseId));
        Assert.Empty(await poll);
        Assert.Equal(first.LeaseToken, (await grains.GetGrain<ITaskGrain>("replayed-task").GetLeaseAsync(first.LeaseId))!.Token);
        var done = await grains.GetGrain<ITaskGrain>("replayed-task").CompleteAsync(Proof(first), null);
        Assert.Equal(ClawTaskStatus.Completed, done.Status);

        // The refused hand-off gave the other node its slot back.
        var next = other.PollAsync(new(["replay-q"], 1, LongPoll));
        await WaitingAsync(grains, "replay-q");
        await grains.GetGrain<ITaskGrain>("replay-next").SubmitAsync(Submission("replay-q"));
        Assert.Equal("replay-next", Assert.Single(await next).TaskId);
    }

    [Fact]
    public async Task A_slot_held_for_a_task_that_never_reports_back_is_freed_after_the_hand_off_timeout()
    {
        using var data = new TempDirectory();
        await using var cluster = await StartAsync(data.Path, "handoff-lost", ("Claw:Nodes:HandOffTimeout", "00:00:02"));
        var grains = cluster.GrainFactory;
        var node = await RegisterAsync(grains, "lost-node");
        var poll = node.PollAsync(new(["lost-q"], 1, LongPoll));
        await WaitingAsync(grains, "lost-q");

        // A task's silo died between holding the node's only slot and reporting the lease: nothing will free it but time.
        Assert.NotNull(await node.ReserveAsync("task-on-a-dead-silo"));
        var submitted = (await grains.GetGrain<ITaskGrain>("lost-next").SubmitAsync(Submission("lost-q"))).Task;
        Assert.Equal(ClawTaskStatus.Pending, submitted.Status);

        var assignment = Assert.Single(await poll);
        Assert.Equal("lost-next", assignment.TaskId);
    }

    private static Task<TestCluster> StartAsync(string dataDirectory, string name, params (string, string)[] settings) =>
        SqliteCluster.StartAsync(dataDirectory, "claw-" + name + "-" + Guid.NewGuid().ToString("N")[..8], silos: 1, settings);

    private static Task WaitingAsync(IGrainFactory grains, string queue) =>
        Eventually.Until(() => grains.GetGrain<IQueueGrain>(QueueKeys.Key(queue, 0)).WaitingAsync(), n => n > 0, TimeSpan.FromSeconds(10), $"a node to wait in {queue}");
}

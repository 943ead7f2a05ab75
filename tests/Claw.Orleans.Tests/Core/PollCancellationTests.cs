using System.Collections.Immutable;
using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Tasks;
using Claw.Grains.Dispatch;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Core;

/// <summary>A long poll whose caller went away (the HTTP request was aborted) must stop waiting in its node grain.</summary>
[Collection(SqliteClusterCollection.Name)]
public sealed class PollCancellationTests(SqliteClusterFixture fixture)
{
    [Fact]
    public async Task A_poll_whose_caller_gives_up_stops_waiting_so_the_next_task_is_not_handed_to_nobody()
    {
        var grains = fixture.Cluster.GrainFactory;
        var (queue, nodeId, taskId) = (ClawApi.NewId("cancel-q"), ClawApi.NewId("node"), ClawApi.NewId("task"));
        var node = grains.GetGrain<INodeGrain>(nodeId);
        await node.RegisterAsync(new(nodeId, [], NodeResources.None, [], ImmutableDictionary<string, string>.Empty, null, 1, null, null));
        using var caller = new CancellationTokenSource();
        var poll = node.PollAsync(new([queue], 1, TimeSpan.FromMinutes(1)), caller.Token);
        await Eventually.Until(() => grains.GetGrain<IQueueGrain>(QueueKeys.Key(queue, 0)).WaitingAsync(), n => n > 0, TimeSpan.FromSeconds(10), "the poll to wait");

        caller.Cancel();

        // A node holds a slot for a hand-off only while a poll waits: once none does, the poll has stopped.
        await Eventually.Until(
            async () =>
            {
                var held = await node.ReserveAsync("probe");
                await node.HandOffAsync("probe", null);
                return held is null;
            },
            stopped => stopped, TimeSpan.FromSeconds(20), "the cancelled poll to stop waiting (it would wait a minute)");
        var submitted = (await grains.GetGrain<ITaskGrain>(taskId).SubmitAsync(new(
            queue, null, null, TaskPriority.Normal, TaskRequirements.None, 60, 0, RetryBackoff.Default, null, false, null, null,
            DispatchMode.Auto, null, "poll-cancel", null))).Task;
        Assert.Equal(ClawTaskStatus.Pending, submitted.Status); // indexed, not handed to a poll nobody reads
        Assert.Equal(taskId, Assert.Single(await node.PollAsync(new([queue], 1, TimeSpan.Zero))).TaskId);
        try
        {
            Assert.Empty(await poll);
        }
        catch (OperationCanceledException)
        {
            // the caller's side of a cancelled call may end as cancelled rather than with the empty answer
        }
    }
}

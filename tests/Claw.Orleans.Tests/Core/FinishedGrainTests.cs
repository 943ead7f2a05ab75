using System.Collections.Immutable;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Tasks;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Core;

/// <summary>A silo's memory follows the work in flight, not every task it ever ran.</summary>
public sealed class FinishedGrainTests
{
    [Fact]
    public async Task Finished_tasks_leave_memory_and_still_answer_for_themselves_and_their_leases_from_storage()
    {
        using var data = new TempDirectory();
        await using var cluster = await SqliteCluster.StartAsync(data.Path, "claw-finished-" + Guid.NewGuid().ToString("N")[..8], silos: 1);
        var grains = cluster.GrainFactory;
        var submission = new TaskSubmission("finished-q", null, null, TaskPriority.Normal, TaskRequirements.None, 30, 3, new RetryBackoff(0, 1, 0),
            null, false, null, null, DispatchMode.Auto, null, "finished", null);
        var ids = (await Task.WhenAll(Enumerable.Range(0, 3).Select(i => grains.GetGrain<ITaskGrain>($"task-finished-{i}").SubmitAsync(submission))))
            .Select(r => r.Task.Id).ToList();
        var node = grains.GetGrain<INodeGrain>("finished-node");
        await node.RegisterAsync(new("finished-node", [], NodeResources.None, [], ImmutableDictionary<string, string>.Empty, null, 3, null, null));
        var assignments = await node.PollAsync(new(["finished-q"], 3, TimeSpan.FromSeconds(5)));
        Assert.Equal(3, assignments.Length);
        Assert.Equal(3, await ActiveAsync(grains, ids)); // the leases are the tasks' own: no grain of their own

        foreach (var assignment in assignments)
        {
            await grains.GetGrain<ITaskGrain>(assignment.TaskId).CompleteAsync(new LeaseProof(assignment.LeaseId, assignment.LeaseToken, null), null);
        }

        await Eventually.Until(() => ActiveAsync(grains, ids), count => count == 0, TimeSpan.FromSeconds(10), "finished tasks to deactivate");
        Assert.All(await Task.WhenAll(ids.Select(id => grains.GetGrain<ITaskGrain>(id).GetAsync())), view => Assert.Equal(ClawTaskStatus.Completed, view!.Status));
        Assert.All(
            await Task.WhenAll(assignments.Select(a => grains.GetGrain<ITaskGrain>(a.TaskId).GetLeaseAsync(a.LeaseId))),
            view => Assert.Equal((LeaseStatus.Completed, "finished-node"), (view!.Status, view.NodeId)));
    }

    [Fact]
    public async Task Pending_tasks_past_the_resident_limit_leave_memory_and_are_leased_once_from_storage()
    {
        using var data = new TempDirectory();
        await using var cluster = await SqliteCluster.StartAsync(data.Path, "claw-resident-" + Guid.NewGuid().ToString("N")[..8], silos: 1,
            ("Claw:Tasks:MaxResidentPending", "2"));
        var grains = cluster.GrainFactory;
        var first = await SubmitAsync(grains, "first", 5);
        await Eventually.Until(() => ActiveAsync(grains, first), count => count == 2, TimeSpan.FromSeconds(10), "all but two pending tasks to leave memory");

        var node = grains.GetGrain<INodeGrain>("resident-node");
        await node.RegisterAsync(new("resident-node", [], NodeResources.None, [], ImmutableDictionary<string, string>.Empty, null, 5, null, null));
        await DrainAsync(grains, node, first);

        // The places came back with the leases: of the next three, two stay in memory again. Leased at once, racing
        // the third one's departure, each is still leased exactly once.
        var next = await SubmitAsync(grains, "next", 3);
        await Eventually.Until(() => ActiveAsync(grains, next), count => count == 2, TimeSpan.FromSeconds(10), "two of the next pending tasks to stay in memory");
        var more = await SubmitAsync(grains, "more", 3);
        await DrainAsync(grains, node, [.. next, .. more]);
    }

    private static async Task<List<string>> SubmitAsync(IGrainFactory grains, string prefix, int count)
    {
        var ids = Enumerable.Range(0, count).Select(i => $"resident-{prefix}-{i}").ToList();
        foreach (var id in ids)
        {
            await grains.GetGrain<ITaskGrain>(id).SubmitAsync(new TaskSubmission("resident-q", null, $$"""{"id":"{{id}}"}""", TaskPriority.Normal,
                TaskRequirements.None, 30, 3, new RetryBackoff(0, 1, 0), null, false, null, null, DispatchMode.Auto, null, "resident", null));
        }

        return ids;
    }

    /// <summary>Leases and completes every task: each one once, with the payload it was submitted with.</summary>
    private static async Task DrainAsync(IGrainFactory grains, INodeGrain node, List<string> ids)
    {
        var leased = new List<Assignment>();
        while (leased.Count < ids.Count)
        {
            var batch = await node.PollAsync(new(["resident-q"], ids.Count - leased.Count, TimeSpan.FromSeconds(5)));
            Assert.NotEmpty(batch);
            leased.AddRange(batch);
            foreach (var assignment in batch)
            {
                Assert.Equal($$"""{"id":"{{assignment.TaskId}}"}""", assignment.TaskPayloadJson);
                await grains.GetGrain<ITaskGrain>(assignment.TaskId).CompleteAsync(new LeaseProof(assignment.LeaseId, assignment.LeaseToken, null), null);
            }
        }

        Assert.Equal(ids.Order(), leased.Select(a => a.TaskId).Order());
        foreach (var id in ids)
        {
            var timeline = await grains.GetGrain<ITaskGrain>(id).GetTimelineAsync();
            Assert.Equal(["created", "queued", "assigned", "completed"], timeline.Select(e => e.Type));
        }
    }

    /// <summary>How many of these tasks' and leases' grains are active anywhere in the cluster.</summary>
    private static async Task<int> ActiveAsync(IGrainFactory grains, List<string> taskIds)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var active = await management.GetDetailedGrainStatistics();
        var ours = taskIds.ToHashSet(StringComparer.Ordinal);
        return active.Count(s => ours.Contains(s.GrainId.Key.ToString()!));
    }
}

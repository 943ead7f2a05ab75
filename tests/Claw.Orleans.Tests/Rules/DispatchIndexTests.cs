using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Tasks;
using Claw.Grains.Dispatch;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

public sealed class DispatchIndexTests
{
    [Fact]
    public void Due_tasks_go_out_by_priority_then_in_creation_order()
    {
        var index = new DispatchIndex();
        index.Upsert(Entry("low", TaskPriority.Low, created: T0), T0);
        index.Upsert(Entry("normal-2", TaskPriority.Normal, created: T0.AddSeconds(2)), T0);
        index.Upsert(Entry("normal-1", TaskPriority.Normal, created: T0.AddSeconds(1)), T0);
        index.Upsert(Entry("critical", TaskPriority.Critical, created: T0.AddSeconds(9)), T0);
        Assert.Equal(["critical", "normal-1", "normal-2", "low"], index.Take(Node(), 10, T0));
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void Tasks_created_at_the_same_moment_keep_their_arrival_order()
    {
        var index = new DispatchIndex();
        foreach (var id in new[] { "c", "a", "b" })
        {
            index.Upsert(Entry(id, created: T0), T0);
        }

        Assert.Equal(["c", "a", "b"], index.Take(Node(), 3, T0));
    }

    [Fact]
    public void A_delayed_task_waits_until_its_time_and_the_index_says_when_that_is()
    {
        var index = new DispatchIndex();
        index.Upsert(Entry("later", available: T0.AddSeconds(30)), T0);
        index.Upsert(Entry("sooner", available: T0.AddSeconds(10)), T0);
        Assert.Equal(T0.AddSeconds(10), index.NextDueAt);
        Assert.Empty(index.Take(Node(), 5, T0.AddSeconds(9)));
        Assert.False(index.HasWorkFor(Node()));
        Assert.Equal(["sooner"], index.Promote(T0.AddSeconds(10)).Select(e => e.TaskId));
        Assert.True(index.HasWorkFor(Node()));
        Assert.Equal(["later", "sooner"], index.Take(Node(), 5, T0.AddSeconds(30))); // once due, creation order decides
        Assert.Null(index.NextDueAt);
    }

    [Fact]
    public void A_node_takes_only_what_it_can_run_and_no_more_than_asked()
    {
        var index = new DispatchIndex();
        index.Upsert(Entry("gpu", requirements: TaskRequirements.None with { Capabilities = ["gpu"] }), T0);
        index.Upsert(Entry("any-1"), T0);
        index.Upsert(Entry("any-2"), T0);
        index.Upsert(Entry("swarm", swarmId: "s1"), T0);
        Assert.Equal(["any-1"], index.Take(Node(), 1, T0));
        Assert.Equal(["any-2"], index.Take(Node(), 5, T0));
        Assert.Equal(["gpu", "swarm"], index.Take(Node(capabilities: ["gpu"], swarmId: "s1"), 5, T0));
    }

    [Fact]
    public void Upserting_again_moves_a_task_and_removing_it_twice_is_harmless()
    {
        var index = new DispatchIndex();
        index.Upsert(Entry("t", available: T0.AddHours(1)), T0);
        index.Upsert(Entry("t", available: T0), T0);
        Assert.Equal(1, index.Count);
        Assert.Null(index.NextDueAt);
        Assert.True(index.Remove("t"));
        Assert.False(index.Remove("t"));
        Assert.False(index.Contains("t"));
    }

    private static QueueEntry Entry(
        string id, TaskPriority priority = TaskPriority.Normal, DateTimeOffset? created = null, DateTimeOffset? available = null,
        TaskRequirements? requirements = null, string? swarmId = null) =>
        new(id, priority, available ?? T0, created ?? T0, requirements ?? TaskRequirements.None, swarmId);
}

using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Tasks;
using Claw.Grains.Dispatch;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

public sealed class FairLanesTests
{
    [Fact]
    public void A_key_with_a_deep_backlog_does_not_hold_back_a_key_with_a_few_tasks()
    {
        var index = new DispatchIndex();
        for (var i = 0; i < 10_000; i++)
        {
            index.Upsert(Entry($"big-{i}", "tenant-big", T0.AddMilliseconds(i)), T0);
        }

        for (var i = 0; i < 10; i++)
        {
            index.Upsert(Entry($"small-{i}", "tenant-small", T0.AddSeconds(100 + i)), T0); // created after every big one
        }

        var order = Enumerable.Range(0, 20).Select(_ => index.Take(Node(), 1, T0).Single()).ToList();
        Assert.Equal(10, order.Count(id => id.StartsWith("small-", StringComparison.Ordinal)));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"small-{i}"), order.Where(id => id.StartsWith("small-", StringComparison.Ordinal))); // FIFO inside a key
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"big-{i}"), order.Where(id => id.StartsWith("big-", StringComparison.Ordinal)));
        Assert.Equal(9_990, index.Count);
    }

    [Fact]
    public void One_take_of_many_goes_round_the_keys_and_the_turn_carries_to_the_next_take()
    {
        var index = new DispatchIndex();
        foreach (var (id, key) in new[] { ("a1", "a"), ("a2", "a"), ("a3", "a"), ("b1", "b"), ("c1", (string?)null) })
        {
            index.Upsert(Entry(id, key, T0), T0);
        }

        Assert.Equal(["a1", "b1", "c1", "a2"], index.Take(Node(), 4, T0));
        Assert.Equal(["a3"], index.Take(Node(), 4, T0));
    }

    [Fact]
    public void Priority_comes_before_the_turns_of_the_keys()
    {
        var index = new DispatchIndex();
        index.Upsert(Entry("a-low", "a", T0, TaskPriority.Low), T0);
        index.Upsert(Entry("b-high", "b", T0.AddSeconds(1), TaskPriority.High), T0);
        index.Upsert(Entry("a-high", "a", T0.AddSeconds(2), TaskPriority.High), T0);
        Assert.Equal(["b-high", "a-high", "a-low"], index.Take(Node(), 3, T0));
    }

    [Fact]
    public void A_key_whose_tasks_the_node_cannot_run_does_not_stop_the_others()
    {
        var index = new DispatchIndex();
        index.Upsert(Entry("gpu-1", "a", T0, requirements: TaskRequirements.None with { Capabilities = ["gpu"] }), T0);
        index.Upsert(Entry("b1", "b", T0), T0);
        index.Upsert(Entry("b2", "b", T0.AddSeconds(1)), T0);
        Assert.Equal(["b1", "b2"], index.Take(Node(), 5, T0));
        index.Remove("gpu-1");
        Assert.Equal(0, index.Count);
        Assert.False(index.HasWorkFor(Node(capabilities: ["gpu"])));
    }

    private static QueueEntry Entry(string id, string? key, DateTimeOffset created, TaskPriority priority = TaskPriority.Normal, TaskRequirements? requirements = null) =>
        new(id, priority, T0, created, requirements ?? TaskRequirements.None, null, "build", key);
}

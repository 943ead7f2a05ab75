using Claw.Abstractions.Nodes;
using Claw.Abstractions.Tasks;
using Claw.Grains.Dispatch;
using Claw.Grains.Tasks;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

public sealed class FlowLifecycleTests
{
    [Fact]
    public void A_task_with_a_ttl_expires_only_while_it_waits_and_only_after_its_expires_at()
    {
        var task = Created(Submission() with { TtlSeconds = 60 });
        Assert.Equal(T0.AddSeconds(60), task.ExpiresAt);
        Assert.False(new TaskLifecycle(task, T0.AddSeconds(59)).IsPastExpiry);
        Assert.True(new TaskLifecycle(task, T0.AddSeconds(60)).IsPastExpiry);
        new TaskLifecycle(task, T0.AddSeconds(61)).Expire();
        Assert.Equal(ClawTaskStatus.Expired, task.Status);
        Assert.True(task.Status.IsTerminal());
        Assert.Equal("expired", task.Timeline[^1].Type);

        var running = Leased(Submission() with { TtlSeconds = 60 });
        Assert.False(new TaskLifecycle(running, T0.AddHours(1)).IsPastExpiry); // a task that runs is not expired under its holder
        Assert.Null(Created().ExpiresAt);
    }

    [Fact]
    public void A_barred_type_is_not_due_for_the_node_and_the_nodes_own_breaker_bars_every_type()
    {
        var task = Created();
        Assert.True(new TaskLifecycle(task, T0).IsDueFor(Node()));
        Assert.False(new TaskLifecycle(task, T0).IsDueFor(Node() with { BarredTypes = ["build"] }));
        Assert.True(new TaskLifecycle(task, T0).IsDueFor(Node() with { BarredTypes = ["other"] }));
        Assert.False(new TaskLifecycle(task, T0).IsDueFor(Node() with { BarredTypes = [NodeProfile.AllTypes] }));
        Assert.False(RequirementMatcher.TypeAllowed(null, Node() with { BarredTypes = [""] }));
    }

    [Fact]
    public void A_task_takes_a_slot_in_its_keys_lane_and_its_queues_lane()
    {
        Assert.Equal([("key:tenant-a", 2), ("queue:q", 5)], ConcurrencyLanes.Of("q", "tenant-a", 2, 5));
        Assert.Empty(ConcurrencyLanes.Of("q", null, null, null));
        Assert.Equal(("concurrency_key", "tenant-a"), ConcurrencyLanes.Selector("key:tenant-a"));
        Assert.Equal(("queue", "q"), ConcurrencyLanes.Selector("queue:q"));
        var task = Created(Submission() with { ConcurrencyKey = "tenant-a", ConcurrencyLimit = 2 });
        Assert.Equal([("key:tenant-a", 2)], task.Lanes());
    }
}

using Claw.Abstractions.Swarms;
using Claw.Grains.Swarms;

namespace Claw.Tests.Rules;

public sealed class SwarmLifecycleTests
{
    [Theory]
    [InlineData(SwarmStatus.Provisioning, SwarmLifecycle.Pause, false)]
    [InlineData(SwarmStatus.Running, SwarmLifecycle.Pause, true)]
    [InlineData(SwarmStatus.Paused, SwarmLifecycle.Pause, true)]
    [InlineData(SwarmStatus.Paused, SwarmLifecycle.Resume, true)]
    [InlineData(SwarmStatus.Stopped, SwarmLifecycle.Resume, false)]
    [InlineData(SwarmStatus.Provisioning, SwarmLifecycle.Stop, true)]
    [InlineData(SwarmStatus.Failed, SwarmLifecycle.Stop, false)]
    [InlineData(SwarmStatus.Paused, SwarmLifecycle.AddNode, true)]
    [InlineData(SwarmStatus.Stopped, SwarmLifecycle.AddNode, false)]
    [InlineData(SwarmStatus.Running, SwarmLifecycle.Delete, false)]
    [InlineData(SwarmStatus.Stopped, SwarmLifecycle.Delete, true)]
    [InlineData(SwarmStatus.Failed, SwarmLifecycle.Delete, true)]
    [InlineData(SwarmStatus.Stopped, null, true)]
    public void Each_action_is_allowed_only_in_its_statuses(SwarmStatus status, string? action, bool allowed)
    {
        var refusal = SwarmLifecycle.Refusal(Swarm(status), "s1", action);
        Assert.Equal(allowed, refusal is null);
        if (refusal is not null)
        {
            Assert.Equal(("invalid_transition", 409), (refusal.Code, refusal.Status));
        }
    }

    [Fact]
    public void An_unknown_swarm_is_not_found_whatever_the_action()
    {
        Assert.Equal(404, SwarmLifecycle.Refusal(new SwarmState(), "s1")!.Status);
        Assert.Equal(404, SwarmLifecycle.Refusal(new SwarmState(), "s1", SwarmLifecycle.Delete)!.Status);
        Assert.EndsWith("stop it first.", SwarmLifecycle.Refusal(Swarm(SwarmStatus.Paused), "s1", SwarmLifecycle.Delete)!.Message);
    }

    [Fact]
    public void Provisioning_runs_the_swarm_when_every_node_joined_and_fails_it_naming_the_missing_ones()
    {
        var ok = Swarm(SwarmStatus.Provisioning);
        SwarmLifecycle.Provisioned(ok, []);
        Assert.Equal((SwarmStatus.Running, null), (ok.Status, ok.Error));

        var failed = Swarm(SwarmStatus.Provisioning);
        SwarmLifecycle.Provisioned(failed, ["n1", "n2"]);
        Assert.Equal((SwarmStatus.Failed, "provisioning failed: node(s) n1, n2 not registered"), (failed.Status, failed.Error));
    }

    [Theory]
    [InlineData(SwarmStatus.Provisioning, true)]
    [InlineData(SwarmStatus.Running, true)]
    [InlineData(SwarmStatus.Paused, true)]
    [InlineData(SwarmStatus.Stopped, false)]
    [InlineData(SwarmStatus.Failed, false)]
    public void Only_a_swarm_that_exists_and_has_not_ended_counts_and_heals_its_slots(SwarmStatus status, bool open)
    {
        Assert.Equal(open, SwarmLifecycle.IsOpen(Swarm(status)));
        Assert.False(SwarmLifecycle.IsOpen(new SwarmState()));
    }

    [Fact]
    public void Parked_tasks_have_room_only_while_the_swarm_runs_up_to_its_limit()
    {
        Assert.Equal(3, SwarmLifecycle.Room(Swarm(SwarmStatus.Running, max: 3)));
        Assert.Null(SwarmLifecycle.Room(Swarm(SwarmStatus.Running, max: null))); // no limit
        Assert.Equal(0, SwarmLifecycle.Room(Swarm(SwarmStatus.Paused, max: 3)));
        Assert.Equal(0, SwarmLifecycle.Room(Swarm(SwarmStatus.Provisioning, max: null)));
        Assert.Equal(0, SwarmLifecycle.Room(Swarm(SwarmStatus.Stopped, max: 3)));
    }

    private static SwarmState Swarm(SwarmStatus status, int? max = null) => new()
    {
        Spec = new SwarmSpec("s", null, null, max, 30, [], HealthThresholds.Default, null, null),
        Status = status,
    };
}

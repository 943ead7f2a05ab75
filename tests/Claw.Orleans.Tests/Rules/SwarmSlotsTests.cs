using Claw.Abstractions.Swarms;
using Claw.Grains.Swarms;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

public sealed class SwarmSlotsTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_running_swarm_grants_up_to_its_limit_parks_the_rest_and_grants_a_holder_again()
    {
        var slots = new SwarmSlots();
        Assert.Equal(SlotGrant.Granted, slots.Acquire("a", SwarmStatus.Running, 2, T0));
        Assert.Equal(SlotGrant.Granted, slots.Acquire("b", SwarmStatus.Running, 2, T0));
        Assert.Equal(SlotGrant.Full, slots.Acquire("c", SwarmStatus.Running, 2, T0));
        Assert.Equal(SlotGrant.Granted, slots.Acquire("a", SwarmStatus.Running, 2, T0)); // a repeat of a holder
        Assert.Equal((2, 1), (slots.Active, slots.Parked));
        Assert.Equal(SlotGrant.Granted, slots.Acquire("z", SwarmStatus.Running, null, T0)); // no limit
    }

    [Theory]
    [InlineData(SwarmStatus.Paused, SlotGrant.Paused, 1)]
    [InlineData(SwarmStatus.Provisioning, SlotGrant.Paused, 1)]
    [InlineData(SwarmStatus.Stopped, SlotGrant.Stopped, 0)]
    [InlineData(SwarmStatus.Failed, SlotGrant.Stopped, 0)]
    public void Only_a_running_swarm_grants_and_a_stopped_one_parks_nothing(SwarmStatus status, SlotGrant grant, int parked)
    {
        var slots = new SwarmSlots();
        Assert.Equal(grant, slots.Acquire("a", status, 5, T0));
        Assert.Equal(grant, slots.Acquire("a", status, 5, T0));
        Assert.Equal((0, parked), (slots.Active, slots.Parked));
    }

    [Fact]
    public void A_freed_slot_lets_the_oldest_parked_task_fill_it()
    {
        var slots = new SwarmSlots();
        slots.Acquire("a", SwarmStatus.Running, 1, T0);
        slots.Acquire("b", SwarmStatus.Running, 1, T0);
        slots.Acquire("c", SwarmStatus.Running, 1, T0);
        Assert.Empty(slots.UnparkToFill(1));
        Assert.True(slots.Release("a"));
        Assert.False(slots.Release("a"));
        Assert.Equal(["b"], slots.UnparkToFill(1));
        Assert.Equal(["c"], slots.UnparkAll());
        Assert.Equal(0, slots.Parked);
        Assert.Equal(["x", "y"], ParkTwo(new SwarmSlots()).UnparkToFill(null)); // no limit: all of them
        Assert.Empty(ParkTwo(new SwarmSlots()).UnparkToFill(0)); // no room (a paused swarm): none of them
    }

    [Fact]
    public void The_heal_frees_a_lost_release_after_the_grace_and_counts_leases_memory_missed()
    {
        var slots = new SwarmSlots();
        slots.Acquire("lost", SwarmStatus.Running, 5, T0);
        slots.Acquire("young", SwarmStatus.Running, 5, T0.AddSeconds(20));
        slots.Heal(new HashSet<string> { "leased-elsewhere" }, T0.AddSeconds(31), Grace);
        Assert.Equal(2, slots.Active); // "young" is within its grace, "leased-elsewhere" counted
        Assert.False(slots.Release("lost"));
        Assert.True(slots.Release("young"));
        Assert.True(slots.Release("leased-elsewhere"));
    }

    [Fact]
    public void An_assign_by_hand_meets_the_refusal_of_its_grant()
    {
        Assert.Equal("swarm_paused", SwarmSlots.Refusal(SlotGrant.Paused, "s").Code);
        Assert.Equal("swarm_stopped", SwarmSlots.Refusal(SlotGrant.Stopped, "s").Code);
        Assert.Equal("node_unavailable", SwarmSlots.Refusal(SlotGrant.Full, "s").Code);
    }

    private static SwarmSlots ParkTwo(SwarmSlots slots)
    {
        slots.Acquire("x", SwarmStatus.Paused, null, T0);
        slots.Acquire("y", SwarmStatus.Paused, null, T0);
        return slots;
    }
}

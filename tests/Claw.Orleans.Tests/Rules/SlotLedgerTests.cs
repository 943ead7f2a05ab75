using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Grains.Nodes;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

public sealed class SlotLedgerTests
{
    private static readonly TimeSpan HandOffTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void Free_slots_are_the_maximum_less_leases_takes_in_flight_and_hand_offs()
    {
        var node = Node(slots: 5);
        var ledger = new SlotLedger();
        Assert.Equal(5, ledger.FreeSlots(node));
        ledger.Hold("t1.1");
        ledger.BeginTake(2);
        ledger.Reserve("t9", T0);
        Assert.Equal(1, ledger.FreeSlots(node));
        ledger.EndTake(2);
        ledger.HandedOff("t9", null);
        Assert.Equal(4, ledger.FreeSlots(node));
    }

    [Fact]
    public void A_manual_assign_can_wait_for_the_takes_in_flight_to_give_their_slots_back()
    {
        var node = Node(slots: 2);
        var ledger = new SlotLedger();
        Assert.True(ledger.TakesEnded().IsCompleted); // nothing in flight: no wait
        ledger.BeginTake(1);
        ledger.BeginTake(1);
        var ended = ledger.TakesEnded();
        Assert.Equal(0, ledger.FreeSlots(node));
        ledger.EndTake(1);
        Assert.False(ended.IsCompleted); // another take is still asking its partitions
        ledger.EndTake(1);
        Assert.True(ended.IsCompleted);
        Assert.Equal(2, ledger.FreeSlots(node));
        ledger.BeginTake(1);
        Assert.False(ledger.TakesEnded().IsCompleted); // a new take is waited for anew
    }

    [Theory]
    [InlineData(NodeStatus.Offline)]
    [InlineData(NodeStatus.Draining)]
    public void A_node_that_is_not_online_or_is_set_busy_by_hand_has_no_free_slot(NodeStatus status)
    {
        var ledger = new SlotLedger();
        Assert.Equal(0, ledger.FreeSlots(Node(slots: 3, status: status)));
        Assert.Equal(0, ledger.FreeSlots(Node(slots: 3, manualBusy: true)));
    }

    [Fact]
    public void Ready_caps_the_slots_at_what_the_node_holds_plus_what_it_asks_for_until_cleared()
    {
        var node = Node(slots: 10);
        var ledger = new SlotLedger();
        ledger.Hold("t1.1");
        ledger.Ready(2);
        Assert.Equal(2, ledger.FreeSlots(node));
        ledger.Hold("t2.1");
        Assert.Equal(1, ledger.FreeSlots(node));
        ledger.Ready(-3);
        Assert.Equal(0, ledger.FreeSlots(node));
        ledger.ClearReady();
        Assert.Equal(8, ledger.FreeSlots(node));
    }

    [Fact]
    public void Busy_is_derived_from_full_slots_or_the_manual_flag_and_only_for_an_online_node()
    {
        var ledger = new SlotLedger();
        Assert.Equal(NodeStatus.Online, ledger.EffectiveStatus(Node(slots: 1)));
        Assert.Equal(NodeStatus.Busy, ledger.EffectiveStatus(Node(slots: 1, manualBusy: true)));
        ledger.Hold("t1.1");
        Assert.Equal(NodeStatus.Busy, ledger.EffectiveStatus(Node(slots: 1)));
        Assert.Equal(NodeStatus.Draining, ledger.EffectiveStatus(Node(slots: 1, status: NodeStatus.Draining)));
    }

    [Fact]
    public void A_hand_off_that_never_reports_back_frees_its_slot_after_the_timeout()
    {
        var node = Node(slots: 1);
        var ledger = new SlotLedger();
        ledger.Reserve("t1", T0);
        Assert.Equal(0, ledger.FreeSlots(node));
        Assert.False(ledger.DropOldReservations(T0 + HandOffTimeout - TimeSpan.FromTicks(1), HandOffTimeout));
        Assert.True(ledger.HasReservations);
        Assert.True(ledger.DropOldReservations(T0 + HandOffTimeout, HandOffTimeout));
        Assert.False(ledger.HasReservations);
        Assert.Equal(1, ledger.FreeSlots(node));
    }

    [Fact]
    public void A_handed_assignment_becomes_a_lease_and_goes_out_once_oldest_first()
    {
        var ledger = new SlotLedger();
        ledger.Reserve("t1", T0);
        ledger.Reserve("t2", T0);
        ledger.HandedOff("t1", Assignment("t1"));
        ledger.HandedOff("t2", Assignment("t2"));
        Assert.Equal(2, ledger.LeaseCount);
        Assert.Equal(["t1"], ledger.TakeHanded(1).Select(a => a.TaskId));
        ledger.Delivering("t2.1"); // pushed another way
        Assert.Empty(ledger.TakeHanded(5));
        Assert.Equal(2, ledger.LeaseCount);
    }

    [Fact]
    public void Releasing_frees_only_a_lease_the_node_holds_and_release_all_hands_back_every_one()
    {
        var ledger = new SlotLedger();
        ledger.Rebuild(["a.1", "b.1"]);
        ledger.HandedOff("c", Assignment("c"));
        Assert.True(ledger.Release("c.1"));
        Assert.False(ledger.Release("c.1"));
        Assert.Empty(ledger.TakeHanded(5));
        Assert.Equal(["a.1", "b.1"], ledger.ReleaseAll().Order());
        Assert.Equal(0, ledger.LeaseCount);
    }

    private static NodeState Node(int slots, NodeStatus status = NodeStatus.Online, bool manualBusy = false) =>
        new() { MaxConcurrentTasks = slots, Status = status, ManualBusy = manualBusy, CreatedAt = T0 };

    private static Assignment Assignment(string taskId) =>
        new(taskId, $"{taskId}.1", "1.token", T0.AddMinutes(5), 1, "q", null, Claw.Abstractions.Tasks.TaskPriority.Normal, null, "corr");
}

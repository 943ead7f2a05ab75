using System.Collections.Immutable;
using Claw.Abstractions;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Nodes;
using Claw.Grains.Nodes;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

public sealed class ManualStatusTests
{
    [Fact]
    public void A_new_node_registers_offline_and_never_seen()
    {
        var node = new NodeState();
        ManualStatus.Register(node, Registration("bot"), T0);
        Assert.Equal((NodeStatus.Offline, T0, (DateTimeOffset?)null), (node.Status, node.CreatedAt, node.LastHeartbeatAt));
    }

    [Theory]
    [InlineData(NodeStatus.Online)]
    [InlineData(NodeStatus.Draining)]
    public void A_live_node_registering_again_stays_online_is_seen_and_is_no_longer_busy(NodeStatus before)
    {
        var node = Registered(before);
        node.ManualBusy = true;
        ManualStatus.Register(node, Registration("renamed"), T0.AddMinutes(5));
        Assert.Equal((NodeStatus.Online, false, T0.AddMinutes(5), T0), (node.Status, node.ManualBusy, node.LastHeartbeatAt, node.CreatedAt));
        Assert.Equal("renamed", node.Name);
    }

    [Fact]
    public void An_offline_node_registering_again_stays_offline_until_it_shows_a_sign_of_life()
    {
        var node = Registered(NodeStatus.Offline);
        ManualStatus.Register(node, Registration("again"), T0.AddMinutes(5));
        Assert.Equal((NodeStatus.Offline, (DateTimeOffset?)null), (node.Status, node.LastHeartbeatAt));
    }

    [Fact]
    public void Only_an_online_node_can_be_marked_busy()
    {
        var online = Registered(NodeStatus.Online);
        ManualStatus.Busy(online, "n1");
        Assert.True(online.ManualBusy);
        ManualStatus.Busy(online, "n1"); // already busy by hand: still online underneath, so it is no conflict
        Assert.True(online.ManualBusy);

        foreach (var status in new[] { NodeStatus.Offline, NodeStatus.Draining })
        {
            var node = Registered(status);
            var refused = Assert.Throws<ClawException>(() => ManualStatus.Busy(node, "n2"));
            Assert.Equal((409, ErrorCodes.InvalidStateTransition), (refused.Status, refused.Code));
            Assert.Contains(status.Wire(), refused.Message, StringComparison.Ordinal);
            Assert.False(node.ManualBusy);
        }
    }

    [Theory]
    [InlineData(NodeStatus.Online, NodeStatus.Online)]
    [InlineData(NodeStatus.Draining, NodeStatus.Online)]
    [InlineData(NodeStatus.Offline, NodeStatus.Offline)] // its sign of life (the grain's) brings it online, not this rule
    public void Available_clears_busy_and_makes_a_draining_node_online(NodeStatus before, NodeStatus after)
    {
        var node = Registered(before);
        node.ManualBusy = true;
        ManualStatus.Available(node);
        Assert.Equal((after, false), (node.Status, node.ManualBusy));
    }

    private static NodeState Registered(NodeStatus status)
    {
        var node = new NodeState();
        ManualStatus.Register(node, Registration("bot"), T0);
        node.Status = status;
        return node;
    }

    private static NodeRegistration Registration(string name) =>
        new(name, ["python"], NodeResources.None, [], ImmutableDictionary<string, string>.Empty, null, 1, null, null);
}

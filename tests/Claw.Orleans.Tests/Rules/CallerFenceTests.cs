using Claw.Abstractions.Auth;
using Claw.Abstractions.Leases;
using Claw.Grains.Tasks;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

/// <summary>The fence with a caller: a report without the lease's token speaks for the holder only from that node or an operator.</summary>
public sealed class CallerFenceTests
{
    private static Principal Agent(string? node) => new("key:a", ClawRole.Agent, [], [], node, "api_key");

    private static Principal Role(ClawRole role) => new("key:r", role, [], [], null, "api_key");

    [Fact]
    public void Without_a_token_only_the_holding_node_an_operator_or_the_cluster_itself_is_the_holder()
    {
        var task = Leased(node: "node-a");
        var claim = new LeaseProof(null, null, "node-a");
        Assert.Equal(FenceVerdict.Holder, LeaseFence.Judge(task, claim, Agent("node-a")));
        Assert.Equal(FenceVerdict.Holder, LeaseFence.Judge(task, LeaseProof.None, Agent("node-a")));
        Assert.Equal(FenceVerdict.Holder, LeaseFence.Judge(task, claim, Role(ClawRole.Operator)));
        Assert.Equal(FenceVerdict.Holder, LeaseFence.Judge(task, claim, Principal.Anonymous));
        Assert.Equal(FenceVerdict.Holder, LeaseFence.Judge(task, claim, null));
        Assert.Equal(FenceVerdict.Unproven, LeaseFence.Judge(task, claim, Agent("node-b")));
        Assert.Equal(FenceVerdict.Unproven, LeaseFence.Judge(task, LeaseProof.None, Agent(null)));
        Assert.Equal(FenceVerdict.Unproven, LeaseFence.Judge(task, new LeaseProof(task.LeaseId, null, null), Role(ClawRole.Reader)));
    }

    [Fact]
    public void The_token_proves_itself_whoever_presents_it_and_a_wrong_one_is_still_not_the_owner()
    {
        var task = Leased(node: "node-a");
        Assert.Equal(FenceVerdict.Holder, LeaseFence.Judge(task, new LeaseProof(task.LeaseId, task.LeaseToken, null), Agent("node-b")));
        Assert.Equal(FenceVerdict.NotOwner, LeaseFence.Judge(task, new LeaseProof(task.LeaseId, "1.forged", null), Agent("node-a")));
        var (code, _) = LeaseFence.Refusal(FenceVerdict.Unproven, task, TaskId);
        Assert.Equal("lease_not_owner", code);
        Assert.False(LeaseFence.IsRecorded(FenceVerdict.Unproven));
    }
}

using Claw.Abstractions.Leases;
using Claw.Abstractions.Tasks;
using Claw.Grains.Tasks;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

public sealed class LeaseFenceTests
{
    [Fact]
    public void The_holder_is_recognised_by_its_lease_its_token_or_its_node_alone()
    {
        var task = Leased();
        Assert.Equal(FenceVerdict.Holder, LeaseFence.Judge(task, new LeaseProof(task.LeaseId, task.LeaseToken, null)));
        Assert.Equal(FenceVerdict.Holder, LeaseFence.Judge(task, new LeaseProof(null, task.LeaseToken, null)));
        Assert.Equal(FenceVerdict.Holder, LeaseFence.Judge(task, new LeaseProof(null, null, "node-a")));
        Assert.Equal(FenceVerdict.Holder, LeaseFence.Judge(task, LeaseProof.None));
    }

    [Fact]
    public void An_older_lease_is_stale_whether_it_shows_its_lease_id_or_only_its_token()
    {
        var task = Leased();
        var firstToken = task.LeaseToken;
        new TaskLifecycle(task, T0).LeaseLost(task.LeaseId!, LeaseStatus.Revoked, "reassigned");
        new TaskLifecycle(task, T0).Assign(TaskId, Node("node-b"));

        Assert.Equal(FenceVerdict.Stale, LeaseFence.Judge(task, new LeaseProof($"{TaskId}.1", null, null)));
        Assert.Equal(FenceVerdict.Stale, LeaseFence.Judge(task, new LeaseProof(null, firstToken, null)));
        Assert.Equal(FenceVerdict.Stale, LeaseFence.Judge(task, new LeaseProof($"{TaskId}.1", task.LeaseToken, "node-b")));
    }

    [Fact]
    public void A_stranger_to_the_live_lease_is_not_its_owner()
    {
        var task = Leased();
        Assert.Equal(FenceVerdict.NotOwner, LeaseFence.Judge(task, new LeaseProof(task.LeaseId, "1.forged", null)));
        Assert.Equal(FenceVerdict.NotOwner, LeaseFence.Judge(task, new LeaseProof(null, null, "node-z")));
        Assert.Equal(FenceVerdict.NotOwner, LeaseFence.Judge(task, new LeaseProof(task.LeaseId, task.LeaseToken, "node-z")));
    }

    [Theory]
    [InlineData(LeaseStatus.Expired, FenceVerdict.Expired, "lease_expired")]
    [InlineData(LeaseStatus.Revoked, FenceVerdict.Revoked, "lease_revoked")]
    public void The_last_holder_learns_how_its_lease_ended_by_fence_or_by_node(LeaseStatus end, FenceVerdict verdict, string code)
    {
        var task = Leased(Submission(maxRetries: 0));
        var proof = new LeaseProof(task.LeaseId, task.LeaseToken, "node-a");
        new TaskLifecycle(task, T0).LeaseLost(task.LeaseId!, end, "gone");
        if (end == LeaseStatus.Expired)
        {
            new TaskLifecycle(task, T0).RetryOrFail(retriable: true);
        }

        Assert.Equal(verdict, LeaseFence.Judge(task, proof));
        Assert.Equal(verdict, LeaseFence.Judge(task, new LeaseProof(null, null, "node-a"))); // ClawBot: node id only
        Assert.Equal(FenceVerdict.NotLeased, LeaseFence.Judge(task, new LeaseProof(null, null, "node-z")));
        var (refusal, detail) = LeaseFence.Refusal(verdict, task, TaskId);
        Assert.Equal(code, refusal);
        Assert.Contains($"{TaskId}.1", detail);
        Assert.True(LeaseFence.IsRecorded(verdict));
    }

    [Fact]
    public void Reporting_on_a_task_nobody_holds_is_an_invalid_transition_and_not_recorded()
    {
        var task = Created();
        Assert.Equal(FenceVerdict.NotLeased, LeaseFence.Judge(task, new LeaseProof(null, null, "node-a")));
        Assert.Equal("invalid_transition", LeaseFence.Refusal(FenceVerdict.NotLeased, task, TaskId).Code);
        Assert.False(LeaseFence.IsRecorded(FenceVerdict.NotLeased));
        Assert.False(LeaseFence.IsRecorded(FenceVerdict.NotOwner));
        Assert.Equal("lease_not_owner", LeaseFence.Refusal(FenceVerdict.NotOwner, task, TaskId).Code);
    }

    [Fact]
    public void A_completed_task_still_names_its_holder_so_a_repeated_complete_is_a_no_op()
    {
        var task = Leased();
        var proof = new LeaseProof(task.LeaseId, task.LeaseToken, "node-a");
        new TaskLifecycle(task, T0).Complete(null);
        Assert.True(LeaseFence.Names(task, proof));
        Assert.False(LeaseFence.Names(task, proof with { Token = "1.other" }));
        Assert.Equal(ClawTaskStatus.Completed, task.Status);
    }

    [Fact]
    public void The_fence_comes_from_the_lease_id_first_then_from_the_token()
    {
        Assert.Equal(7, LeaseFence.FenceOf(new LeaseProof("t.7", "3.abc", null)));
        Assert.Equal(3, LeaseFence.FenceOf(new LeaseProof("not-a-lease", "3.abc", null)));
        Assert.Null(LeaseFence.FenceOf(new LeaseProof(null, "opaque", "node-a")));
    }
}

using Claw.Abstractions.Leases;
using Claw.Abstractions.Tasks;
using Claw.Grains.Tasks;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

/// <summary>The lease as its task keeps it: its deadline, its renewals, and how every lease it issued reads back.</summary>
public sealed class TaskLeaseTests
{
    [Fact]
    public void Renewed_every_second_a_2_s_lease_stays_live_for_a_minute_and_is_overdue_2_s_after_the_last_renewal()
    {
        var task = Leased(Submission(timeoutSeconds: 2));
        for (var at = T0.AddSeconds(1); at <= T0.AddMinutes(1); at = at.AddSeconds(1))
        {
            Assert.False(new TaskLifecycle(task, at.AddTicks(-1)).IsLeaseOverdue);
            new TaskLifecycle(task, at).Renew();
        }

        Assert.Equal(60, task.LeaseRenewals);
        Assert.False(new TaskLifecycle(task, T0.AddMinutes(1).AddSeconds(2).AddTicks(-1)).IsLeaseOverdue);
        Assert.True(new TaskLifecycle(task, T0.AddMinutes(1).AddSeconds(2)).IsLeaseOverdue);
    }

    [Fact]
    public void Without_a_renewal_the_lease_is_overdue_at_its_first_deadline_and_an_ended_one_never_is()
    {
        var task = Leased(Submission(timeoutSeconds: 2));
        Assert.Equal(T0.AddSeconds(2), task.LeaseExpiresAt);
        Assert.False(new TaskLifecycle(task, T0.AddSeconds(1.999)).IsLeaseOverdue);
        Assert.True(new TaskLifecycle(task, T0.AddSeconds(2)).IsLeaseOverdue);

        new TaskLifecycle(task, T0.AddSeconds(1)).Complete(null);
        Assert.False(new TaskLifecycle(task, T0.AddDays(1)).IsLeaseOverdue);
    }

    [Fact]
    public void A_new_lease_starts_from_scratch_with_the_next_fence_and_a_token_that_names_it()
    {
        var task = Leased(Submission(timeoutSeconds: 60));
        var first = (task.LeaseId, task.LeaseToken);
        new TaskLifecycle(task, T0.AddSeconds(5)).Renew();
        new TaskLifecycle(task, T0.AddSeconds(6)).LeaseLost(task.LeaseId!, LeaseStatus.Revoked, "reassigned");
        new TaskLifecycle(task, T0.AddMinutes(1)).Assign(TaskId, Node("node-b"));

        Assert.Equal((LeaseIds.For(TaskId, 2), 2L, 0, T0.AddMinutes(2)), (task.LeaseId, LeaseTokens.FenceOf(task.LeaseToken), task.LeaseRenewals, task.LeaseExpiresAt));
        Assert.NotEqual(first.LeaseToken, task.LeaseToken);
        Assert.Equal(LeaseIds.For(TaskId, 1), first.LeaseId);
    }

    [Fact]
    public void Every_lease_a_task_issued_reads_back_the_live_one_with_its_token_and_an_earlier_one_from_the_timeline()
    {
        var task = Leased(Submission(timeoutSeconds: 60), node: "node-a");
        var first = task.LeaseId!;
        new TaskLifecycle(task, T0.AddSeconds(10)).Renew();
        new TaskLifecycle(task, T0.AddSeconds(20)).Renew();
        new TaskLifecycle(task, T0.AddSeconds(90)).LeaseLost(first, LeaseStatus.Expired, "deadline passed");
        new TaskLifecycle(task, T0.AddSeconds(90)).RetryOrFail(retriable: true);
        new TaskLifecycle(task, T0.AddMinutes(5)).Assign(TaskId, Node("node-b"));
        var second = task.LeaseId!;

        var earlier = LeaseHistory.Find(task, TaskId, first)!;
        Assert.Equal(
            ("node-a", (string?)null, 1, LeaseStatus.Expired, T0, T0.AddSeconds(90), 2, 1L),
            (earlier.NodeId, earlier.Token, earlier.Attempt, earlier.Status, earlier.IssuedAt, earlier.ExpiresAt, earlier.Renewals, earlier.Fence));

        var live = LeaseHistory.Find(task, TaskId, second)!;
        Assert.Equal(
            ("node-b", task.LeaseToken, 2, LeaseStatus.Active, T0.AddMinutes(5), T0.AddMinutes(6), 0),
            (live.NodeId, live.Token, live.Attempt, live.Status, live.IssuedAt, live.ExpiresAt, live.Renewals));

        new TaskLifecycle(task, T0.AddMinutes(5).AddSeconds(3)).Complete("""{"ok":true}""");
        var done = LeaseHistory.Find(task, TaskId, second)!;
        Assert.Equal((LeaseStatus.Completed, T0.AddMinutes(5).AddSeconds(3)), (done.Status, done.ExpiresAt));

        Assert.Null(LeaseHistory.Find(task, TaskId, LeaseIds.For(TaskId, 3))); // never issued
        Assert.Null(LeaseHistory.Find(task, "another-task", LeaseIds.For("another-task", 1)));
        Assert.Null(LeaseHistory.Find(new TaskState(), TaskId, first));
    }
}

using Claw.Abstractions.Leases;
using Claw.Abstractions.Tasks;
using Claw.Grains.Leases;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

public sealed class LeaseValidityTests
{
    [Fact]
    public void Renewed_every_second_a_2_s_lease_stays_live_for_a_minute_and_expires_2_s_after_the_last_renewal()
    {
        var lease = Issued(timeoutSeconds: 2);
        for (var at = T0.AddSeconds(1); at <= T0.AddMinutes(1); at = at.AddSeconds(1))
        {
            Assert.False(LeaseValidity.HasExpired(lease, at.AddTicks(-1)));
            LeaseValidity.Renew(lease, at);
        }

        Assert.Equal(60, lease.Renewals);
        Assert.False(LeaseValidity.HasExpired(lease, T0.AddMinutes(1).AddSeconds(2).AddTicks(-1)));
        Assert.True(LeaseValidity.HasExpired(lease, T0.AddMinutes(1).AddSeconds(2)));
    }

    [Fact]
    public void Without_a_renewal_the_lease_expires_at_its_first_deadline()
    {
        var lease = Issued(timeoutSeconds: 2);
        Assert.Equal(T0.AddSeconds(2), lease.ExpiresAt);
        Assert.False(LeaseValidity.HasExpired(lease, T0.AddSeconds(1.999)));
        Assert.True(LeaseValidity.HasExpired(lease, T0.AddSeconds(2)));
    }

    [Fact]
    public void Only_the_token_holder_of_a_live_lease_is_not_refused()
    {
        var lease = Issued(timeoutSeconds: 60);
        Assert.Null(LeaseValidity.Refusal(lease, "1.secret"));
        Assert.Equal(LeaseOutcome.WrongToken, LeaseValidity.Refusal(lease, "1.guess"));
        lease.Status = LeaseStatus.Expired;
        Assert.Equal(LeaseOutcome.Expired, LeaseValidity.Refusal(lease, "1.secret"));
        Assert.False(LeaseValidity.HasExpired(lease, T0.AddDays(1))); // ended already: nothing more to expire
        lease.Status = LeaseStatus.Revoked;
        Assert.Equal(LeaseOutcome.NotActive, LeaseValidity.Refusal(lease, "1.secret"));
        Assert.Equal(LeaseOutcome.WrongToken, LeaseValidity.Refusal(new LeaseState(), ""));
    }

    [Fact]
    public void A_new_issue_replaces_an_unrecorded_one_from_scratch()
    {
        var lease = Issued(timeoutSeconds: 60);
        LeaseValidity.Renew(lease, T0.AddSeconds(5));
        lease.EndReason = "x";
        LeaseValidity.Hold(lease, new LeaseTerms(TaskId, "node-b", "1.other", 1, 1, "q", 30, T0.AddMinutes(1)));
        Assert.Equal(("node-b", "1.other", 0, null, T0.AddMinutes(1).AddSeconds(30)), (lease.NodeId, lease.Token, lease.Renewals, lease.EndReason, lease.ExpiresAt));
    }

    private static LeaseState Issued(int timeoutSeconds)
    {
        var lease = new LeaseState();
        LeaseValidity.Hold(lease, new LeaseTerms(TaskId, "node-a", "1.secret", 1, 1, "q", timeoutSeconds, T0));
        return lease;
    }

    [Fact]
    public void Only_the_holder_repeating_the_same_end_is_told_the_end_stands()
    {
        var lease = Issued(timeoutSeconds: 60);
        Assert.False(LeaseValidity.IsRepeatedEnd(lease, "1.secret", LeaseStatus.Completed)); // live: an end, not a repeat
        lease.Status = LeaseStatus.Completed;
        Assert.True(LeaseValidity.IsRepeatedEnd(lease, "1.secret", LeaseStatus.Completed));
        Assert.False(LeaseValidity.IsRepeatedEnd(lease, "1.guess", LeaseStatus.Completed));
        Assert.False(LeaseValidity.IsRepeatedEnd(lease, "1.secret", LeaseStatus.Failed));
    }

    [Fact]
    public void A_lease_its_holder_ended_is_taken_back_only_past_its_deadline()
    {
        foreach (var end in new[] { LeaseStatus.Completed, LeaseStatus.Failed, LeaseStatus.Released })
        {
            var lease = Issued(timeoutSeconds: 2);
            lease.Status = end;
            Assert.False(LeaseValidity.EndWasNotRecorded(lease, T0.AddSeconds(1.999)));
            Assert.True(LeaseValidity.EndWasNotRecorded(lease, T0.AddSeconds(2)));
        }

        var live = Issued(timeoutSeconds: 2);
        Assert.False(LeaseValidity.EndWasNotRecorded(live, T0.AddDays(1))); // live leases expire; they are not taken back
        live.Status = LeaseStatus.Revoked;
        Assert.False(LeaseValidity.EndWasNotRecorded(live, T0.AddDays(1)));
    }
}

using Claw.Grains.Nodes;

namespace Claw.Tests.Rules;

public sealed class LeaseAuditTests
{
    private static readonly HashSet<string> NoneActive = [];

    [Fact]
    public void A_lease_missing_from_storage_is_freed_at_the_second_audit_in_a_row_not_the_first()
    {
        var audit = new LeaseAudit();

        Assert.Empty(audit.Judge(["a"], NoneActive));
        Assert.Equal(["a"], audit.Judge(["a"], NoneActive));
    }

    [Fact]
    public void A_lease_active_in_storage_is_never_freed()
    {
        var audit = new LeaseAudit();

        for (var i = 0; i < 3; i++)
        {
            Assert.Empty(audit.Judge(["a"], new HashSet<string> { "a" }));
        }
    }

    [Fact]
    public void A_suspect_that_storage_shows_active_again_starts_over()
    {
        var audit = new LeaseAudit();
        audit.Judge(["a"], NoneActive);

        Assert.Empty(audit.Judge(["a"], new HashSet<string> { "a" }));
        Assert.Empty(audit.Judge(["a"], NoneActive));
    }

    [Fact]
    public void A_suspect_the_node_no_longer_held_at_the_next_audit_is_forgotten()
    {
        var audit = new LeaseAudit();
        audit.Judge(["a"], NoneActive);

        Assert.Empty(audit.Judge([], NoneActive)); // its notice arrived in between
        Assert.Empty(audit.Judge(["a"], NoneActive));
    }

    [Fact]
    public void A_lease_taken_after_an_audit_started_is_first_judged_by_the_next_one()
    {
        var audit = new LeaseAudit();
        audit.Judge(["a"], NoneActive); // "b" was taken while this audit's query ran: not in what it held before

        Assert.Equal(["a"], audit.Judge(["a", "b"], NoneActive));
        Assert.Equal(["b"], audit.Judge(["b"], NoneActive));
    }

    [Fact]
    public void Clearing_forgets_every_suspect()
    {
        var audit = new LeaseAudit();
        audit.Judge(["a"], NoneActive);
        audit.Clear();

        Assert.Empty(audit.Judge(["a"], NoneActive));
    }
}

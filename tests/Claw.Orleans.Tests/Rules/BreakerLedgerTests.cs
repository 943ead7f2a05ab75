using Claw.Abstractions.Nodes;
using Claw.Grains.Nodes;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

public sealed class BreakerLedgerTests
{
    private static readonly BreakerOptions Options = new(); // 3 failures in 5 minutes, 2 minutes' cooldown

    [Fact]
    public void Three_failures_of_a_type_in_five_minutes_open_its_breaker_and_the_nodes_own_and_bar_them()
    {
        var ledger = new BreakerLedger([], Options);
        Assert.Empty(ledger.Record("build", success: false, T0));
        Assert.Empty(ledger.Record("build", success: false, T0.AddMinutes(2)));
        var opened = ledger.Record("build", success: false, T0.AddMinutes(4));
        Assert.Equal([(NodeProfile.AllTypes, BreakerState.Open), ("build", BreakerState.Open)], opened.Select(c => (c.Scope, c.To)));
        Assert.Equal([NodeProfile.AllTypes, "build"], ledger.Barred(T0.AddMinutes(5)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Failures_spread_wider_than_the_window_do_not_open_it()
    {
        var ledger = new BreakerLedger([], Options);
        ledger.Record("build", success: false, T0);
        ledger.Record("build", success: false, T0.AddMinutes(3));
        Assert.Empty(ledger.Record("build", success: false, T0.AddMinutes(6))); // the first one left the window
        Assert.Empty(ledger.Barred(T0.AddMinutes(6)));
        Assert.Equal(2, ledger.View(T0.AddMinutes(6)).Single(b => b.TaskType == "build").Failures);
    }

    [Fact]
    public void After_the_cooldown_one_trial_goes_out_and_its_success_closes_the_breaker()
    {
        var breakers = new Dictionary<string, BreakerRecord>();
        var ledger = Tripped(breakers, "build");
        var halfOpen = T0.AddMinutes(2);
        Assert.Contains("build", ledger.Barred(halfOpen.AddSeconds(-1), withTrials: true));
        Assert.True(ledger.TrialWanted(halfOpen));
        Assert.Empty(ledger.Barred(halfOpen, withTrials: true)); // the trial may be of this type
        Assert.Contains("build", ledger.Barred(halfOpen)); // but never two at once
        ledger.Dispatched("build", halfOpen);
        Assert.False(ledger.TrialWanted(halfOpen));
        Assert.Contains("build", ledger.Barred(halfOpen, withTrials: true));
        var closed = ledger.Record("build", success: true, halfOpen.AddSeconds(10));
        Assert.Equal([("build", BreakerState.Closed)], closed.Select(c => (c.Scope, c.To)));
        Assert.Empty(ledger.Barred(halfOpen.AddSeconds(10)));
        Assert.Empty(breakers); // closed and forgotten
    }

    [Fact]
    public void A_failed_trial_opens_the_breaker_for_another_cooldown()
    {
        var ledger = Tripped([], "build");
        var halfOpen = T0.AddMinutes(2);
        ledger.Barred(halfOpen, withTrials: true);
        ledger.Dispatched("build", halfOpen);
        var reopened = ledger.Record("build", success: false, halfOpen.AddSeconds(5));
        Assert.All(reopened, c => Assert.Equal(BreakerState.Open, c.To));
        Assert.Equal(halfOpen.AddSeconds(5).AddMinutes(2), ledger.NextHalfOpenAt);
    }

    [Fact]
    public void Outcomes_of_tasks_that_ran_before_it_opened_do_not_move_an_open_breaker_and_a_lost_trial_is_replaced()
    {
        var ledger = Tripped([], "build");
        Assert.Empty(ledger.Record("build", success: true, T0.AddMinutes(1))); // open: a late success is not a trial
        Assert.Equal(BreakerState.Open, ledger.View(T0.AddMinutes(1)).Single(b => b.TaskType == "build").State);
        var halfOpen = T0.AddMinutes(2);
        ledger.Dispatched("build", halfOpen);
        Assert.False(ledger.TrialWanted(halfOpen.AddMinutes(1)));
        Assert.True(ledger.TrialWanted(halfOpen.AddMinutes(2))); // its outcome never came (cancelled): another trial
    }

    [Fact]
    public void Another_type_still_flows_while_one_type_is_open_and_the_node_itself_stays_closed()
    {
        var ledger = new BreakerLedger([], new BreakerOptions { Failures = 3 });
        for (var i = 0; i < 3; i++)
        {
            ledger.Record("bad", success: false, T0);
            ledger.Record("good", success: true, T0);
        }

        var barred = ledger.Barred(T0);
        Assert.Equal(["bad"], barred.ToArray()); // the node's own breaker needs failures in a row: its successes cleared them
    }

    [Fact]
    public void Zero_failures_means_no_breakers()
    {
        var ledger = new BreakerLedger([], new BreakerOptions { Failures = 0 });
        for (var i = 0; i < 10; i++)
        {
            Assert.Empty(ledger.Record("x", success: false, T0));
        }

        Assert.Empty(ledger.Barred(T0));
    }

    /// <summary>A ledger whose <paramref name="type"/> breaker (and the node's own) opened at <see cref="RuleData.T0"/>; the node's own closes again so only the type's stays.</summary>
    private static BreakerLedger Tripped(Dictionary<string, BreakerRecord> breakers, string type)
    {
        var ledger = new BreakerLedger(breakers, Options);
        for (var i = 0; i < 3; i++)
        {
            ledger.Record(type, success: false, T0);
        }

        breakers.Remove(NodeProfile.AllTypes);
        return ledger;
    }
}

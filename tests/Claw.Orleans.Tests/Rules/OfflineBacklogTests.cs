using Claw.Grains.Nodes;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

public sealed class OfflineBacklogTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);

    [Fact]
    public void Past_the_bound_the_oldest_are_dropped_first_and_the_rest_kept_oldest_first()
    {
        var (keep, drop) = OfflineBacklog.Trim(
            [("c.1", T0.AddSeconds(3), null), ("a.1", T0.AddSeconds(1), null), ("d.1", T0.AddSeconds(4), null), ("b.1", T0.AddSeconds(2), null)], T0.AddSeconds(10), max: 2, Ttl);
        Assert.Equal(["c.1", "d.1"], keep);
        Assert.Equal(["a.1", "b.1"], drop);
    }

    [Fact]
    public void What_waited_longer_than_the_ttl_expires_even_under_the_bound()
    {
        var now = T0.AddMinutes(10);
        var (keep, drop) = OfflineBacklog.Trim([("old.1", T0, null), ("edge.1", now - Ttl, null), ("new.1", now.AddSeconds(-1), null)], now, max: 100, Ttl);
        Assert.Equal(["edge.1", "new.1"], keep);
        Assert.Equal(["old.1"], drop);
    }

    [Fact]
    public void Expired_ones_do_not_take_room_under_the_bound_and_both_counts_add_up()
    {
        var now = T0.AddMinutes(10);
        var (keep, drop) = OfflineBacklog.Trim([("old.1", T0, null), ("a.1", now.AddSeconds(-3), null), ("b.1", now.AddSeconds(-2), null), ("c.1", now.AddSeconds(-1), null)], now, max: 2, Ttl);
        Assert.Equal(["b.1", "c.1"], keep);
        Assert.Equal(["old.1", "a.1"], drop);
    }

    [Fact]
    public void An_assignment_of_unknown_age_counts_as_queued_now_and_a_zero_bound_keeps_nothing()
    {
        var now = T0.AddMinutes(10);
        Assert.Equal(["x.1"], OfflineBacklog.Trim([("x.1", null, null)], now, max: 1, Ttl).Keep);
        var none = OfflineBacklog.Trim([("x.1", null, null), ("y.1", now, null)], now, max: 0, Ttl);
        Assert.Empty(none.Keep);
        Assert.Equal(2, none.Drop.Count);
    }

    [Fact]
    public void A_task_past_its_own_ttl_expires_from_the_queue_however_young_its_wait()
    {
        var now = T0.AddMinutes(10);
        var (keep, drop) = OfflineBacklog.Trim([("due.1", now, now), ("later.1", now, now.AddSeconds(1))], now, max: 100, Ttl);
        Assert.Equal(["later.1"], keep);
        Assert.Equal(["due.1"], drop);
    }
}

using Claw.Abstractions.Leases;
using Claw.Abstractions.Sessions;
using Claw.Grains.Nodes;
using static Claw.Tests.Rules.RuleData;

namespace Claw.Tests.Rules;

public sealed class SessionChannelTests
{
    [Fact]
    public void Frame_ids_grow_and_a_later_activation_starts_above_an_earlier_one()
    {
        var earlier = new SessionChannel(T0);
        var first = earlier.Deliver("a.1", T0);
        Assert.True(earlier.Deliver("b.1", T0) > first);
        Assert.True(new SessionChannel(T0.AddSeconds(1)).Deliver("a.1", T0) > earlier.Deliver("c.1", T0));
    }

    [Fact]
    public void A_reconnect_replays_what_came_after_the_last_received_frame_and_what_this_activation_never_sent()
    {
        var channel = new SessionChannel(T0);
        var received = channel.Deliver("a.1", T0);
        channel.Deliver("b.1", T0.AddSeconds(5));
        channel.Deliver("c.1", T0.AddSeconds(9));

        var (missed, oldest) = channel.Replay(["a.1", "b.1", "c.1", "d.1"], received);
        Assert.Equal(["b.1", "c.1", "d.1"], missed);
        Assert.Equal(T0.AddSeconds(5), oldest);
        var neverSent = channel.Replay(["d.1"], received);
        Assert.Equal(["d.1"], neverSent.Missed);
        Assert.Null(neverSent.OldestDelivery);
    }

    [Fact]
    public void A_lost_lease_counts_for_the_reconnect_summary_since_the_node_went_away()
    {
        var channel = new SessionChannel(T0);
        channel.Deliver("a.1", T0);
        channel.Forget("a.1", lost: true, T0.AddSeconds(10));
        channel.Forget("b.1", lost: false, T0.AddSeconds(11));
        channel.Forget("c.1", lost: true, T0.AddSeconds(20));
        Assert.Equal(2, channel.LostSince(T0.AddSeconds(10)));
        Assert.Equal(1, channel.LostSince(T0.AddSeconds(15)));
        Assert.Equal(0, channel.LostSince(null));
        Assert.Equal(["a.1"], channel.Replay(["a.1"], long.MaxValue).Missed); // forgotten: as if never sent here
    }

    [Fact]
    public void Only_the_newest_lost_leases_are_remembered()
    {
        var channel = new SessionChannel(T0);
        for (var i = 0; i < SessionChannel.LostLeasesKept + 50; i++)
        {
            channel.Forget($"t{i}.1", lost: true, T0.AddSeconds(i));
        }

        Assert.Equal(SessionChannel.LostLeasesKept, channel.LostSince(T0));
    }

    [Fact]
    public void A_new_session_replaces_the_old_one_which_then_stands_replaced()
    {
        var channel = new SessionChannel(T0);
        var first = new Session();
        Assert.Null(channel.Attach(Info("s1"), first, out var fresh));
        Assert.True(fresh);
        Assert.Null(channel.Attach(Info("s1"), first, out fresh));
        Assert.False(fresh);

        var replaced = channel.Attach(Info("s2"), new Session(), out fresh);
        Assert.True(fresh);
        Assert.Equal(("s1", first), (replaced!.Value.Session.SessionId, replaced.Value.Channel));
        Assert.Equal(SessionStanding.Replaced, channel.Standing("s1"));
        Assert.Equal(SessionStanding.Attached, channel.Standing("s2"));
        channel.Detach();
        Assert.Equal(SessionStanding.Unknown, channel.Standing("s2"));
    }

    private static SessionInfo Info(string id) => new("node-a", id, T0, "gw", ["q"], TimeSpan.FromSeconds(30));

    private sealed class Session : INodeSession
    {
        public Task<bool> AssignAsync(Assignment assignment, long frameId) => Task.FromResult(true);

        public Task NoticeAsync(SessionNotice notice) => Task.CompletedTask;

        public Task ReplacedAsync() => Task.CompletedTask;
    }

    [Fact]
    public void An_assignment_queued_while_away_keeps_its_first_queue_time_until_the_lease_ends()
    {
        var channel = new SessionChannel(T0);
        channel.Queue("a.1", T0);
        channel.Queue("a.1", T0.AddSeconds(5));
        channel.Deliver("a.1", T0.AddSeconds(9)); // a failed delivery does not make it younger
        Assert.Equal(T0, channel.QueuedAt("a.1"));
        channel.Deliver("b.1", T0.AddSeconds(3));
        Assert.Equal(T0.AddSeconds(3), channel.QueuedAt("b.1"));
        Assert.Null(channel.QueuedAt("c.1"));
        channel.Forget("a.1", lost: false, T0.AddSeconds(10));
        Assert.Null(channel.QueuedAt("a.1"));
    }
}

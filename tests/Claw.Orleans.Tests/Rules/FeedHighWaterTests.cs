using Claw.Abstractions.Events;
using Claw.Grains.Events;

namespace Claw.Tests.Rules;

public sealed class FeedHighWaterTests
{
    [Fact]
    public void Consecutive_seqs_settle_at_once_and_an_empty_read_keeps_the_mark()
    {
        var mark = FeedHighWater.Advance(new FeedMark(10), [11, 12, 13], new TxSnapshot(100, 100));
        Assert.Equal(new FeedMark(13), mark);
        Assert.Same(mark, FeedHighWater.Advance(mark, [], new TxSnapshot(100, 100)));
    }

    [Fact]
    public void With_one_writer_a_gap_is_final_so_the_mark_moves_over_it()
    {
        Assert.Equal(new FeedMark(15), FeedHighWater.Advance(new FeedMark(10), [11, 14, 15], snapshot: null));
    }

    [Fact]
    public void On_postgres_a_gap_waits_until_every_transaction_in_flight_at_its_sighting_has_ended()
    {
        var seen = FeedHighWater.Advance(new FeedMark(10), [11, 13, 14], new TxSnapshot(95, 120));
        Assert.Equal(new FeedMark(11, WaitXmax: 120, WaitUpTo: 14), seen);

        var stillRunning = FeedHighWater.Advance(seen, [13, 14, 15], new TxSnapshot(118, 125));
        Assert.Equal(seen, stillRunning); // seq 12's transaction may still commit

        var filled = FeedHighWater.Advance(seen, [12, 13, 14, 15], new TxSnapshot(118, 125));
        Assert.Equal(new FeedMark(15), filled); // it did: no gap left

        var over = FeedHighWater.Advance(seen, [13, 14, 15], new TxSnapshot(120, 126));
        Assert.Equal(new FeedMark(15), over); // everything in flight then has ended: 12 never comes
    }

    [Fact]
    public void A_gap_beyond_the_settled_sighting_starts_a_wait_of_its_own()
    {
        var seen = new FeedMark(11, WaitXmax: 120, WaitUpTo: 14);
        var next = FeedHighWater.Advance(seen, [13, 14, 16, 17], new TxSnapshot(121, 130));
        Assert.Equal(new FeedMark(14, WaitXmax: 130, WaitUpTo: 17), next); // 12 is final; 15 is a new gap, seen now
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void A_reader_following_out_of_order_commits_never_moves_past_an_event_that_commits_later(int seed)
    {
        var random = new Random(seed);
        var database = new SimulatedLog(random);
        var mark = new FeedMark(0);
        var passedAt = new Dictionary<long, HashSet<long>>(); // seq passed → what was visible when the mark passed it
        for (var step = 0; step < 4000; step++)
        {
            database.Step();
            if (random.Next(3) == 0)
            {
                var visible = database.Visible.Where(s => s > mark.Settled).Order().ToList();
                var before = mark.Settled;
                mark = FeedHighWater.Advance(mark, visible, database.Snapshot);
                Assert.True(mark.Settled >= before, "the mark went back");
                var now = database.Visible.ToHashSet();
                for (var s = before + 1; s <= mark.Settled; s++)
                {
                    passedAt[s] = now;
                }
            }
        }

        database.Drain();
        mark = FeedHighWater.Advance(mark, database.Visible.Where(s => s > mark.Settled).Order().ToList(), database.Snapshot);
        mark = FeedHighWater.Advance(mark, database.Visible.Where(s => s > mark.Settled).Order().ToList(), database.Snapshot);
        Assert.Equal(database.Visible.Max(), mark.Settled); // nothing in flight: the mark reaches the newest event

        foreach (var seq in database.Visible.Where(s => passedAt.ContainsKey(s)))
        {
            Assert.True(passedAt[seq].Contains(seq), $"seq {seq} committed after the mark had moved past it");
        }

        Assert.True(database.Aborted > 0 && database.Visible.Count > 500, "the simulation made too little history");
    }

    /// <summary>
    /// A PostgreSQL-like log: a transaction takes its id when it starts (its state write), draws seqs for its events
    /// later, and commits or rolls back after a random time; readers see committed rows and the snapshot of ids in flight.
    /// </summary>
    private sealed class SimulatedLog(Random random)
    {
        private readonly List<(long Xid, List<long> Seqs, int Left)> _running = [];
        private long _nextXid = 100;
        private long _nextSeq = 1;

        public HashSet<long> Visible { get; } = [];

        public int Aborted { get; private set; }

        public TxSnapshot Snapshot => new(_running.Count == 0 ? _nextXid : _running.Min(t => t.Xid), _nextXid);

        public void Step()
        {
            if (random.Next(2) == 0)
            {
                _running.Add((_nextXid++, [], random.Next(1, 12)));
            }

            for (var i = _running.Count - 1; i >= 0; i--)
            {
                var (xid, seqs, left) = _running[i];
                if (random.Next(3) == 0)
                {
                    seqs.Add(_nextSeq++); // an event row drawn well after the id
                }

                if (--left > 0)
                {
                    _running[i] = (xid, seqs, left);
                    continue;
                }

                _running.RemoveAt(i);
                if (random.Next(10) == 0)
                {
                    Aborted++;
                }
                else
                {
                    Visible.UnionWith(seqs);
                }
            }
        }

        public void Drain()
        {
            while (_running.Count > 0)
            {
                Step();
            }
        }
    }
}

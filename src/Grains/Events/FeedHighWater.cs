using Claw.Abstractions.Events;

namespace Claw.Grains.Events;

/// <summary>
/// Moves a stream's <see cref="FeedMark"/> so that no event is ever skipped. Seqs are handed out when an event is
/// inserted, but transactions commit in their own order, so a reader can see seq 11 while 10 is still in flight.
/// The mark moves over consecutive seqs; at a gap it waits. SQLite has one writer, so seqs become visible in order and
/// a gap is never filled later. On PostgreSQL the transaction that holds a missing seq had its id before it drew the
/// seq (it wrote its state row first), and so before the next seq was drawn and committed: it was in flight when the
/// gap was first seen, with an id below that read's <c>xmax</c>. Once a later read's <c>xmin</c> has reached that
/// <c>xmax</c>, every such transaction has ended, and a seq still missing from that read never comes.
/// </summary>
public static class FeedHighWater
{
    /// <param name="mark">Where the stream stands.</param>
    /// <param name="visible">The seqs after <paramref name="mark"/> that a read sees, in ascending order.</param>
    /// <param name="snapshot">That read's transaction snapshot; null when the database has a single writer.</param>
    public static FeedMark Advance(FeedMark mark, IReadOnlyList<long> visible, TxSnapshot? snapshot)
    {
        var waitOver = mark.WaitXmax is { } xmax && snapshot is { } now && now.Xmin >= xmax;
        var gapsFinalUpTo = snapshot is null ? long.MaxValue : waitOver ? mark.WaitUpTo : long.MinValue;
        var settled = mark.Settled;
        foreach (var seq in visible)
        {
            if (seq <= settled)
            {
                continue;
            }

            if (seq == settled + 1 || seq - 1 <= gapsFinalUpTo)
            {
                settled = seq;
                continue;
            }

            // A gap that a transaction in flight may still fill: keep waiting on the earlier sighting, or start one now.
            return mark.WaitXmax is not null && !waitOver
                ? mark with { Settled = settled }
                : new FeedMark(settled, snapshot!.Value.Xmax, visible[^1]);
        }

        return visible.Count == 0 ? mark : new FeedMark(settled);
    }
}

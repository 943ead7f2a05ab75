namespace Claw.Abstractions.Events;

/// <summary>
/// How far the events table is settled: every event with a seq up to <see cref="Settled"/> that will ever be visible
/// is visible now, so a stream may move its cursor there without skipping a later commit. A gap in the seqs that
/// transactions still in flight may fill is waited out: <see cref="WaitXmax"/> is the database's next transaction id
/// when the gap was seen and <see cref="WaitUpTo"/> the highest seq visible then (PostgreSQL; SQLite has one writer,
/// so its seqs become visible in order). The caller keeps the mark and hands it back on each advance.
/// </summary>
[GenerateSerializer, Immutable, Alias("claw.feed-mark")]
public sealed record FeedMark(
    [property: Id(0)] long Settled,
    [property: Id(1)] long? WaitXmax = null,
    [property: Id(2)] long WaitUpTo = 0)
{
    /// <summary>A mark not placed yet: the first advance starts it near the newest event.</summary>
    public static readonly FeedMark Unplaced = new(-1);

    public bool IsPlaced => Settled >= 0;
}

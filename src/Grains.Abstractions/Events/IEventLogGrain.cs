using System.Collections.Immutable;
using Claw.Abstractions.Queries;

namespace Claw.Abstractions.Events;

/// <summary>
/// Reads the cluster-wide timeline (the events table) for <c>GET /swarm/timeline</c> and the <c>GET /events</c> stream.
/// A stateless worker: every silo answers from the table; nothing is kept between calls but the caller's mark.
/// </summary>
[Alias("claw.IEventLogGrain")]
public interface IEventLogGrain : IGrainWithIntegerKey
{
    /// <summary>Events matching <paramref name="filter"/>, newest first, <paramref name="limit"/> per page after <paramref name="cursor"/>.</summary>
    [Alias("list")]
    Task<Page<ClawEventView>> ListAsync(EventFilter filter, int limit, string? cursor);

    /// <summary>Moves a stream's mark over every event that has settled since (see <see cref="FeedMark"/>).</summary>
    [Alias("advance")]
    Task<FeedMark> AdvanceAsync(FeedMark mark);

    /// <summary>Events matching <paramref name="filter"/> with a seq in (<paramref name="after"/>, <paramref name="upTo"/>], oldest first, at most <paramref name="max"/>.</summary>
    [Alias("read")]
    Task<ImmutableArray<ClawEventView>> ReadAsync(EventFilter filter, long after, long upTo, int max);

    /// <summary>The seq a stream that starts at <paramref name="since"/> reads after: just before the first event at or after it.</summary>
    [Alias("start-after")]
    Task<long> StartAfterAsync(DateTimeOffset since);
}

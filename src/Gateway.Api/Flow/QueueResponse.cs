using System.Collections.Immutable;
using Claw.Abstractions.Queues;

namespace Claw.Gateway.Flow;

/// <summary>
/// A queue on the wire: its settings, what waits (<c>pending</c>, by priority in <c>depth</c>, the oldest's age) and
/// what runs (<c>in_flight</c>); <c>configured</c> is false for a queue nobody has PUT (every limit unset).
/// </summary>
public sealed record QueueResponse(
    string Name,
    int? MaxPending,
    int? DefaultTtlSeconds,
    int? MaxConcurrent,
    ImmutableArray<string> NonRetriableCodes,
    bool Paused,
    int Pending,
    QueueDepthBody Depth,
    DateTimeOffset? OldestPendingAt,
    double? OldestAgeSeconds,
    int InFlight,
    bool Configured,
    DateTimeOffset? UpdatedAt)
{
    public static QueueResponse From(QueueView q, DateTimeOffset now) => new(
        q.Name, q.Settings.MaxPending, q.Settings.DefaultTtlSeconds, q.Settings.MaxConcurrent,
        q.Settings.NonRetriableCodes.IsDefault ? [] : q.Settings.NonRetriableCodes, q.Settings.Paused,
        q.Depth.Total, QueueDepthBody.From(q.Depth), q.OldestPendingAt,
        q.OldestPendingAt is { } oldest ? Math.Max(0, Math.Round((now - oldest).TotalSeconds, 3)) : null,
        q.InFlight, q.Configured, q.UpdatedAt);
}

namespace Claw.Abstractions.Queues;

/// <summary>
/// A queue as <c>GET /queues/{name}</c> shows it: its settings and, from the tasks table, what waits (by priority,
/// the oldest since when) and what runs.
/// </summary>
[GenerateSerializer, Immutable, Alias("claw.queue-view")]
public sealed record QueueView(
    [property: Id(0)] string Name,
    [property: Id(1)] QueueSettings Settings,
    [property: Id(2)] QueueDepth Depth,
    [property: Id(3)] DateTimeOffset? OldestPendingAt,
    [property: Id(4)] int InFlight,
    [property: Id(5)] bool Configured,
    [property: Id(6)] DateTimeOffset? UpdatedAt);

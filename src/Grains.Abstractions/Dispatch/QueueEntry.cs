using Claw.Abstractions.Tasks;

namespace Claw.Abstractions.Dispatch;

/// <summary>A pending task as the dispatch index holds it: its <see cref="Type"/> for the node's breakers, its <see cref="ConcurrencyKey"/> for fair turns.</summary>
[GenerateSerializer, Immutable, Alias("claw.queue-entry")]
public sealed record QueueEntry(
    [property: Id(0)] string TaskId,
    [property: Id(1)] TaskPriority Priority,
    [property: Id(2)] DateTimeOffset AvailableAt,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] TaskRequirements Requirements,
    [property: Id(5)] string? SwarmId,
    [property: Id(6)] string? Type = null,
    [property: Id(7)] string? ConcurrencyKey = null);

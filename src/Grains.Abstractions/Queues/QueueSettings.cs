using System.Collections.Immutable;

namespace Claw.Abstractions.Queues;

/// <summary>
/// What an operator set for one queue (<c>PUT /queues/{name}</c>); every field unset means no limit (or no default).
/// </summary>
[GenerateSerializer, Immutable, Alias("claw.queue-settings")]
public sealed record QueueSettings(
    [property: Id(0)] int? MaxPending,
    [property: Id(1)] int? DefaultTtlSeconds,
    [property: Id(2)] int? MaxConcurrent,
    [property: Id(3)] ImmutableArray<string> NonRetriableCodes,
    [property: Id(4)] bool Paused)
{
    public static readonly QueueSettings None = new(null, null, null, [], false);
}

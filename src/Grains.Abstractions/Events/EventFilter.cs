using System.Collections.Immutable;

namespace Claw.Abstractions.Events;

/// <summary>
/// Which events a timeline page or a stream shows: by task, node, workflow, swarm, type (exact, or a family such as
/// <c>task.*</c> in <see cref="TypePrefixes"/>) and time (<see cref="Since"/> inclusive, <see cref="Until"/> exclusive).
/// </summary>
[GenerateSerializer, Immutable, Alias("claw.event-filter")]
public sealed record EventFilter(
    [property: Id(0)] string? TaskId = null,
    [property: Id(1)] string? NodeId = null,
    [property: Id(2)] string? WorkflowId = null,
    [property: Id(3)] string? SwarmId = null,
    [property: Id(4)] ImmutableArray<string>? Types = null,
    [property: Id(5)] ImmutableArray<string>? TypePrefixes = null,
    [property: Id(6)] DateTimeOffset? Since = null,
    [property: Id(7)] DateTimeOffset? Until = null)
{
    public static readonly EventFilter All = new();
}

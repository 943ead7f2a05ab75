using System.Collections.Immutable;
using Claw.Abstractions.Nodes;

namespace Claw.Abstractions.Tasks;

/// <summary>What a node must offer to run a task: every capability and model, each resource <c>&gt;=</c>, equal labels.</summary>
[GenerateSerializer, Immutable, Alias("claw.task-requirements")]
public sealed record TaskRequirements(
    [property: Id(0)] ImmutableArray<string> Capabilities,
    [property: Id(1)] NodeResources Resources,
    [property: Id(2)] ImmutableArray<string> Models,
    [property: Id(3)] ImmutableDictionary<string, string> Labels)
{
    public static readonly TaskRequirements None = new([], NodeResources.None, [], ImmutableDictionary<string, string>.Empty);
}

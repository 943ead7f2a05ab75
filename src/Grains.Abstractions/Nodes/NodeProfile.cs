using System.Collections.Immutable;

namespace Claw.Abstractions.Nodes;

/// <summary>What dispatch matches task requirements against.</summary>
[GenerateSerializer, Immutable, Alias("claw.node-profile")]
public sealed record NodeProfile(
    [property: Id(0)] string NodeId,
    [property: Id(1)] ImmutableArray<string> Capabilities,
    [property: Id(2)] NodeResources Resources,
    [property: Id(3)] ImmutableArray<string> Models,
    [property: Id(4)] ImmutableDictionary<string, string> Labels,
    [property: Id(5)] string? SwarmId,
    [property: Id(6)] Identity.CapabilityGrant? Grant = null)
{
    /// <summary>In <see cref="BarredTypes"/>: the node's own breaker bars every type.</summary>
    public const string AllTypes = "*";

    /// <summary>Task types this node takes none of now: their circuit breaker on this node is open (or half-open with its trial out); <c>""</c> stands for tasks without a type.</summary>
    [Id(7)]
    public ImmutableArray<string> BarredTypes { get; init; } = [];

    /// <summary>The node registered a <c>public_key</c>: its results are checked against it.</summary>
    [Id(8)]
    public bool HasKey { get; init; }
}

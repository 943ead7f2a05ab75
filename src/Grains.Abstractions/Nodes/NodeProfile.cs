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
    [property: Id(6)] Identity.CapabilityGrant? Grant = null);

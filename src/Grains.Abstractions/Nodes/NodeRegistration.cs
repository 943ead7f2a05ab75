using System.Collections.Immutable;

namespace Claw.Abstractions.Nodes;

/// <summary>What an agent declares when it registers; re-registering with the same id updates it in place.</summary>
[GenerateSerializer, Immutable, Alias("claw.node-registration")]
public sealed record NodeRegistration(
    [property: Id(0)] string Name,
    [property: Id(1)] ImmutableArray<string> Capabilities,
    [property: Id(2)] NodeResources Resources,
    [property: Id(3)] ImmutableArray<string> Models,
    [property: Id(4)] ImmutableDictionary<string, string> Labels,
    [property: Id(5)] string? PublicKey,
    [property: Id(6)] int MaxConcurrentTasks,
    [property: Id(7)] string? SwarmId,
    [property: Id(8)] string? MetadataJson);

using System.Collections.Immutable;

namespace Claw.Abstractions.Nodes;

/// <summary>A node as clients see it (API.md "Node").</summary>
[GenerateSerializer, Immutable, Alias("claw.node-view")]
public sealed record NodeView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] ImmutableArray<string> Capabilities,
    [property: Id(3)] NodeResources Resources,
    [property: Id(4)] ImmutableArray<string> Models,
    [property: Id(5)] ImmutableDictionary<string, string> Labels,
    [property: Id(6)] NodeStatus Status,
    [property: Id(7)] string? MetadataJson,
    [property: Id(8)] int MaxConcurrentTasks,
    [property: Id(9)] int ActiveLeases,
    [property: Id(10)] DateTimeOffset? LastHeartbeatAt,
    [property: Id(11)] DateTimeOffset CreatedAt,
    [property: Id(12)] string? PublicKey,
    [property: Id(13)] string? SwarmId,
    [property: Id(14)] long CompletedCount,
    [property: Id(15)] long FailedCount,
    [property: Id(16)] DateTimeOffset UpdatedAt = default,
    [property: Id(17)] string? Kind = null);

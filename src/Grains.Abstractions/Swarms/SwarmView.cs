using System.Collections.Immutable;

namespace Claw.Abstractions.Swarms;

/// <summary>A swarm as clients see it.</summary>
[GenerateSerializer, Immutable, Alias("claw.swarm-view")]
public sealed record SwarmView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Persona,
    [property: Id(3)] string? Model,
    [property: Id(4)] SwarmStatus Status,
    [property: Id(5)] int? MaxConcurrentTasks,
    [property: Id(6)] int HeartbeatIntervalSeconds,
    [property: Id(7)] ImmutableArray<string> NodeIds,
    [property: Id(8)] int ActiveTasks,
    [property: Id(9)] HealthThresholds Thresholds,
    [property: Id(10)] string? MetadataJson,
    [property: Id(11)] string? Error,
    [property: Id(12)] DateTimeOffset CreatedAt,
    [property: Id(13)] DateTimeOffset UpdatedAt);

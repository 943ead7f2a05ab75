using System.Collections.Immutable;

namespace Claw.Abstractions.Swarms;

/// <summary>A validated <c>POST /swarms</c>.</summary>
[GenerateSerializer, Immutable, Alias("claw.swarm-spec")]
public sealed record SwarmSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Persona,
    [property: Id(2)] string? Model,
    [property: Id(3)] int? MaxConcurrentTasks,
    [property: Id(4)] int HeartbeatIntervalSeconds,
    [property: Id(5)] ImmutableArray<string> NodeIds,
    [property: Id(6)] HealthThresholds Thresholds,
    [property: Id(7)] string? MetadataJson,
    [property: Id(8)] string? IdempotencyFingerprint);

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

/// <summary>
/// When a swarm counts as unhealthy or degraded: failure rate (failed ÷ ended tasks in the window) and the share of
/// members online. Defaults: unhealthy at 50 % failures or no member online, degraded at 20 % or under half online.
/// </summary>
[GenerateSerializer, Immutable, Alias("claw.health-thresholds")]
public sealed record HealthThresholds(
    [property: Id(0)] double UnhealthyFailureRate,
    [property: Id(1)] double DegradedFailureRate,
    [property: Id(2)] double DegradedOnlineRatio,
    [property: Id(3)] int WindowSeconds)
{
    public static readonly HealthThresholds Default = new(0.5, 0.2, 0.5, 300);
}

[GenerateSerializer, Immutable, Alias("claw.swarm-created")]
public sealed record SwarmCreated([property: Id(0)] SwarmView Swarm, [property: Id(1)] bool Replayed);

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

/// <summary>The answer of <c>GET /swarms/{id}/health</c>.</summary>
[GenerateSerializer, Immutable, Alias("claw.swarm-health")]
public sealed record SwarmHealth(
    [property: Id(0)] string SwarmId,
    [property: Id(1)] HealthStatus Status,
    [property: Id(2)] SwarmStatus SwarmStatus,
    [property: Id(3)] ImmutableArray<string> MembersOnline,
    [property: Id(4)] ImmutableArray<string> MembersOffline,
    [property: Id(5)] int ActiveLeases,
    [property: Id(6)] int QueueDepth,
    [property: Id(7)] int RecentCompleted,
    [property: Id(8)] int RecentFailed,
    [property: Id(9)] double FailureRate,
    [property: Id(10)] ImmutableArray<string> RecentFailedTaskIds,
    [property: Id(11)] ImmutableArray<string> Reasons,
    [property: Id(12)] HealthThresholds Thresholds,
    [property: Id(13)] DateTimeOffset CheckedAt);

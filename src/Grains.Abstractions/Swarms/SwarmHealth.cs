using System.Collections.Immutable;

namespace Claw.Abstractions.Swarms;

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

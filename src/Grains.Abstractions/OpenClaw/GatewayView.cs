using System.Collections.Immutable;

namespace Claw.Abstractions.OpenClaw;

/// <summary>A gateway as clients see it (API.md); never its token.</summary>
[GenerateSerializer, Immutable, Alias("claw.openclaw.gateway-view")]
public sealed record GatewayView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Url,
    [property: Id(3)] string NodeId,
    [property: Id(4)] GatewayStatus Status,
    [property: Id(5)] string? ServerVersion,
    [property: Id(6)] int ActiveSessions,
    [property: Id(7)] int MaxConcurrentSessions,
    [property: Id(8)] string? LastError,
    [property: Id(9)] DateTimeOffset? ConnectedAt,
    [property: Id(10)] string AgentId,
    [property: Id(11)] string? InstanceId,
    [property: Id(12)] long Reconnects,
    [property: Id(13)] ImmutableArray<string> Capabilities,
    [property: Id(14)] ImmutableDictionary<string, string> Labels,
    [property: Id(15)] string? SwarmId,
    [property: Id(16)] DateTimeOffset CreatedAt,
    [property: Id(17)] ImmutableArray<GatewayError> RecentErrors,
    [property: Id(18)] long TurnsCompleted,
    [property: Id(19)] long TurnsFailed,
    [property: Id(20)] ImmutableArray<string> Queues);

/// <summary>One recent error of a gateway (connection or turn), newest last.</summary>
[GenerateSerializer, Immutable, Alias("claw.openclaw.gateway-error")]
public sealed record GatewayError([property: Id(0)] DateTimeOffset At, [property: Id(1)] string Code, [property: Id(2)] string Message);

/// <summary>The answer of <c>POST /openclaw/gateways/{id}/probe</c>: the gateway's <c>health</c> and its round trip.</summary>
[GenerateSerializer, Immutable, Alias("claw.openclaw.probe-result")]
public sealed record GatewayProbeResult(
    [property: Id(0)] bool Ok,
    [property: Id(1)] double RoundTripMs,
    [property: Id(2)] string? HealthJson,
    [property: Id(3)] string? ServerVersion,
    [property: Id(4)] string? Error);

/// <summary>Whether a registration created the gateway or replayed an earlier one with the same idempotency key and body.</summary>
[GenerateSerializer, Immutable, Alias("claw.openclaw.gateway-registration")]
public sealed record GatewayRegistration([property: Id(0)] GatewayView Gateway, [property: Id(1)] bool Replayed);

using System.Collections.Immutable;

namespace Claw.Abstractions.OpenClaw;

/// <summary>
/// What a silo's live connection tells its gateway grain: on every change and every few seconds, so a report that stops
/// coming means the connection's silo is gone.
/// </summary>
[GenerateSerializer, Immutable, Alias("claw.openclaw.connection-report")]
public sealed record ConnectionReport(
    [property: Id(0)] string ConnectionId,
    [property: Id(1)] GatewayStatus Status,
    [property: Id(2)] string? ServerVersion,
    [property: Id(3)] DateTimeOffset? ConnectedAt,
    [property: Id(4)] int ActiveSessions,
    [property: Id(5)] long Reconnects,
    [property: Id(6)] long TurnsCompleted,
    [property: Id(7)] long TurnsFailed,
    [property: Id(8)] ImmutableArray<GatewayError> NewErrors);

using System.Collections.Immutable;

namespace Claw.Abstractions.OpenClaw;

/// <summary>
/// A validated <c>POST /openclaw/gateways</c>, or what a managed instance registers for itself. The token is a secret:
/// it is kept for connecting and never leaves the grain in a view. <c>Queues</c> are the queues its node takes tasks
/// from (default: <c>default</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("claw.openclaw.gateway-spec")]
public sealed record GatewaySpec(
    [property: Id(0)] string Name,
    [property: Id(1)] string Url,
    [property: Id(2)] string Token,
    [property: Id(3)] string AgentId,
    [property: Id(4)] int MaxConcurrentSessions,
    [property: Id(5)] ImmutableArray<string> Capabilities,
    [property: Id(6)] ImmutableDictionary<string, string> Labels,
    [property: Id(7)] string? SwarmId,
    [property: Id(8)] string? InstanceId = null,
    [property: Id(9)] string? IdempotencyFingerprint = null,
    [property: Id(10)] ImmutableArray<string> Queues = default);

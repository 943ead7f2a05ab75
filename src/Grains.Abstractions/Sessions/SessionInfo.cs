using System.Collections.Immutable;

namespace Claw.Abstractions.Sessions;

/// <summary>One live WebSocket session of a node, as <c>GET /ws/connections</c> lists it.</summary>
[GenerateSerializer, Immutable, Alias("claw.session-info")]
public sealed record SessionInfo(
    [property: Id(0)] string NodeId,
    [property: Id(1)] string SessionId,
    [property: Id(2)] DateTimeOffset ConnectedAt,
    [property: Id(3)] string Gateway,
    [property: Id(4)] ImmutableArray<string> Queues,
    [property: Id(5)] TimeSpan KeepAlive);

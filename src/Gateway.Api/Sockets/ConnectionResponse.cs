using System.Collections.Immutable;

namespace Claw.Gateway.Sockets;

/// <summary>One live session (<c>GET /ws/connections</c>).</summary>
public sealed record ConnectionResponse(string BotId, string NodeId, string SessionId, DateTimeOffset ConnectedAt, string Gateway, ImmutableArray<string> Queues);

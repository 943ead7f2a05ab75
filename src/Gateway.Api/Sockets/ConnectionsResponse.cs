namespace Claw.Gateway.Sockets;

/// <summary><c>GET /ws/connections</c>: ClawBot's <c>{count, bot_ids}</c>, and each live session in <c>items</c>.</summary>
public sealed record ConnectionsResponse(int Count, List<string> BotIds, List<ConnectionResponse> Items);

namespace Claw.Gateway.Sockets;

/// <summary>Answer of <c>POST /ws/broadcast/task/{id}</c>.</summary>
public sealed record BroadcastResponse(string TaskId, string NodeId, bool Delivered);

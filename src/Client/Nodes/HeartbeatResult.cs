namespace Claw.Client.Nodes;

/// <summary>The answer to a node's heartbeat.</summary>
public sealed record HeartbeatResult(string NodeId, string Status, DateTimeOffset? LastSeen, DateTimeOffset? LastHeartbeatAt, string Message);

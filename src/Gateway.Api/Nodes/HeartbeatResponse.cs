using Claw.Abstractions.Nodes;

namespace Claw.Gateway.Nodes;

/// <summary>The answer to a heartbeat: ClawBot's <c>{bot_id, status, last_seen, message}</c> with Claw's names beside them.</summary>
public sealed record HeartbeatResponse(string BotId, string NodeId, NodeStatus Status, DateTimeOffset? LastSeen, DateTimeOffset? LastHeartbeatAt, string Message)
{
    public static HeartbeatResponse From(NodeView node) =>
        new(node.Id, node.Id, node.Status, node.LastHeartbeatAt, node.LastHeartbeatAt, "Heartbeat acknowledged");
}

namespace Claw.Gateway.Sockets;

/// <summary>Answer of <c>POST /ws/broadcast/task/{id}</c>: ClawBot's <c>{status:"sent", bot_id, task_id}</c> and Claw's <c>node_id</c>.</summary>
public sealed record BroadcastResponse(string Status, string BotId, string TaskId, string NodeId)
{
    public static BroadcastResponse Sent(string taskId, string nodeId) => new("sent", nodeId, taskId, nodeId);
}

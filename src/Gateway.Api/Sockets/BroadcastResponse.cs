namespace Claw.Gateway.Sockets;

/// <summary>Answer of <c>POST /ws/broadcast/task/{id}</c>: ClawBot's <c>{status:"sent", bot_id, task_id}</c> and Claw's names.</summary>
public sealed record BroadcastResponse(string TaskId, string NodeId, bool Delivered)
{
    public string Status => Delivered ? "sent" : "not_sent";

    public string BotId => NodeId;
}

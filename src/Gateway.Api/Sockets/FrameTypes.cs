namespace Claw.Gateway.Sockets;

/// <summary>Frame types of both directions.</summary>
internal static class FrameTypes
{
    public const string Connected = "connected";
    public const string TaskAssigned = "task_assigned";
    public const string ResultRejected = "result_rejected";
    public const string HeartbeatAck = "heartbeat_ack";
    public const string ReconnectAck = "reconnect_ack";
    public const string LeaseRenewed = "lease_renewed";
    public const string Error = "error";

    public const string Heartbeat = "heartbeat";
    public const string TaskStarted = "task_started";
    public const string TaskProgress = "task_progress";
    public const string TaskComplete = "task_complete";
    public const string TaskFailed = "task_failed";
    public const string LeaseRenew = "lease_renew";
    public const string Ready = "ready";
    public const string Reconnect = "reconnect";
}

namespace Claw.Gateway.Sockets;

/// <summary>Frame types of both directions.</summary>
internal static class FrameTypes
{
    public const string Connected = "connected";

    /// <summary>Server → a node with a <c>public_key</c>, first: <c>{nonce, ts}</c> to sign (answered by <c>auth {signature}</c>).</summary>
    public const string Challenge = "challenge";

    /// <summary>Node → server, first frame when the upgrade carried no <c>Authorization</c> header: <c>{token}</c>;
    /// the answer to a <c>challenge</c>: <c>{signature}</c> (one frame may carry both).</summary>
    public const string Auth = "auth";
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

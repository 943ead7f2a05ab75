namespace Claw.Gateway.Sockets;

/// <summary>Configuration section <c>Claw:Sockets</c>: the WebSocket control channel.</summary>
public sealed class SocketOptions
{
    /// <summary>Server pings and the node grain's keep-alive run at this period (ClawBot's default, 30 s).</summary>
    public int HeartbeatIntervalSeconds { get; set; } = 30;

    /// <summary>Largest frame accepted; a larger one closes the session with 1009.</summary>
    public int MaxFrameBytes { get; set; } = 1024 * 1024;

    /// <summary>Sustained frames per second one session may send; a flood beyond the burst closes it with 1008.</summary>
    public int FramesPerSecond { get; set; } = 200;

    /// <summary>Frames a session may send at once before the sustained rate applies.</summary>
    public int FrameBurst { get; set; } = 400;

    /// <summary>Frames one session may have waiting to be written; past it the server waits for the node to read.</summary>
    public int MaxQueuedFrames { get; set; } = 1024;

    /// <summary>Bytes one session may have waiting to be written; past it the server waits for the node to read.</summary>
    public long MaxQueuedBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>How long the server waits for a full send queue to drain before it closes the session with 1008 (the node does not read).</summary>
    public double SlowConsumerSeconds { get; set; } = 5;

    /// <summary>How long a session the server closes may take to see its close frame out before the connection is cut.</summary>
    public int CloseGraceSeconds { get; set; } = 10;

    public TimeSpan HeartbeatInterval => TimeSpan.FromSeconds(Math.Max(1, HeartbeatIntervalSeconds));

    /// <summary>The node grain hears from a live session at least this often, well inside any sane crash_after.</summary>
    public TimeSpan KeepAlive => HeartbeatInterval < TimeSpan.FromSeconds(15) ? HeartbeatInterval : TimeSpan.FromSeconds(15);
}

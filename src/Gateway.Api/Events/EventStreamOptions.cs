namespace Claw.Gateway.Events;

/// <summary><c>Claw:Events</c>: how the event stream follows the events table.</summary>
public sealed class EventStreamOptions
{
    /// <summary>How often this gateway looks for newly settled events (one indexed read, shared by every stream).</summary>
    public int PollIntervalMilliseconds { get; set; } = 250;

    /// <summary>How often an idle stream sends a comment line, so proxies and clients see it is alive.</summary>
    public int HeartbeatSeconds { get; set; } = 15;
}

namespace Claw.Grains.Nodes;

/// <summary>
/// Configuration section <c>Claw:Sockets</c>, the part the node grain reads: how much a node's offline delivery queue
/// (assignments it holds but has not received on its socket) may hold, and for how long.
/// </summary>
public sealed class OfflineQueueOptions
{
    /// <summary>Assignments kept for a node that is away; past it the oldest are dropped (given back to dispatch) first.</summary>
    public int OfflineQueueMax { get; set; } = 100;

    /// <summary>Age after which a queued assignment is dropped (given back to dispatch) rather than delivered on a reconnect.</summary>
    public int OfflineQueueTtlSeconds { get; set; } = 300;

    public TimeSpan OfflineQueueTtl => TimeSpan.FromSeconds(Math.Max(1, OfflineQueueTtlSeconds));
}

using Claw.Abstractions.Queues;

namespace Claw.Gateway.Flow;

/// <summary>Pending tasks by priority.</summary>
public sealed record QueueDepthBody(int Low, int Normal, int High, int Critical)
{
    public static QueueDepthBody From(QueueDepth depth) => new(depth.Low, depth.Normal, depth.High, depth.Critical);
}

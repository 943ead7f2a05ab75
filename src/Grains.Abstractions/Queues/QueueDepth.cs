namespace Claw.Abstractions.Queues;

/// <summary>Pending tasks of a queue by priority.</summary>
[GenerateSerializer, Immutable, Alias("claw.queue-depth")]
public sealed record QueueDepth(
    [property: Id(0)] int Low,
    [property: Id(1)] int Normal,
    [property: Id(2)] int High,
    [property: Id(3)] int Critical)
{
    public static readonly QueueDepth Empty = new(0, 0, 0, 0);

    public int Total => Low + Normal + High + Critical;
}

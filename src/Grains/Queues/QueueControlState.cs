using Claw.Abstractions.Queues;

namespace Claw.Grains.Queues;

/// <summary>The persisted settings of one queue (<c>claw_queues</c>).</summary>
[GenerateSerializer]
public sealed class QueueControlState
{
    [Id(0)] public QueueSettings? Settings { get; set; }
    [Id(1)] public DateTimeOffset UpdatedAt { get; set; }
}

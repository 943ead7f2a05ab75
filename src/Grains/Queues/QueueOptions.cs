namespace Claw.Grains.Queues;

/// <summary>Configuration section <c>Claw:Queues</c>: how a queue's owner counts and sheds.</summary>
public sealed class QueueOptions
{
    /// <summary>The <c>Retry-After</c> of a 429 <c>queue_full</c>.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The shortest time between two counts of a queue's pending rows (a count happens only when a refusal looms).</summary>
    public TimeSpan RecountInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an admitted task the table does not show yet still counts as pending (its write is in flight).</summary>
    public TimeSpan WriteGrace { get; set; } = TimeSpan.FromSeconds(30);
}

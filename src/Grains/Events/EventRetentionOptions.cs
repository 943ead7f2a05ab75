namespace Claw.Grains.Events;

/// <summary><c>Claw:Events</c>: how long the cluster-wide timeline (and finished callback deliveries) are kept.</summary>
public sealed class EventRetentionOptions
{
    /// <summary>Events older than this, and deliveries that ended longer ago, are deleted.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often each silo trims (several silos trimming at once only share the work).</summary>
    public TimeSpan TrimInterval { get; set; } = TimeSpan.FromHours(1);
}

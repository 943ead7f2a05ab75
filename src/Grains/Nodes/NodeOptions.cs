namespace Claw.Grains.Nodes;

/// <summary>Configuration section <c>Claw:Nodes</c>.</summary>
public sealed class NodeOptions
{
    /// <summary>Silence after which a node is declared crashed (API.md <c>crash_after</c>).</summary>
    public TimeSpan CrashAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a slot held for a task being handed to the node stays held when the task never reports back (its silo
    /// died mid-way); a hand-off normally ends within one commit.
    /// </summary>
    public TimeSpan HandOffTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often a node holding leases checks them against the tasks table (<see cref="LeaseAudit"/>): a lease whose end
    /// never reached the node (its sender's silo died) frees its slot after two periods at most.
    /// </summary>
    public TimeSpan LeaseAuditPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Failure reports a node (an agent's key or channel) may make per <see cref="FailureReportWindow"/>; more answer 429 <c>rate_limited</c>. 0: no limit.</summary>
    public int MaxFailureReports { get; set; } = 10;

    public TimeSpan FailureReportWindow { get; set; } = TimeSpan.FromSeconds(60);
}

namespace Claw.Grains.Tasks;

/// <summary>Configuration section <c>Claw:Tasks</c>.</summary>
public sealed class TaskOptions
{
    /// <summary>
    /// Pending tasks one silo keeps in memory. Past it a pending task leaves memory after its write, and its grain reads
    /// the row back when a node leases it: a deep backlog then costs one read per task instead of silo memory and the
    /// collection pauses that come with it. 0 keeps none.
    /// </summary>
    public int MaxResidentPending { get; set; } = 20_000;
}

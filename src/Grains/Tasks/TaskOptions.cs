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

    /// <summary>
    /// The memory those pending tasks may take together (estimated from their documents' sizes), so a backlog of large
    /// payloads leaves memory as a backlog of small ones does: 20,000 tasks of 4 KB payloads would take about 230 MB,
    /// so by default about 11,000 of them stay. 0 keeps none.
    /// </summary>
    public long MaxResidentPendingBytes { get; set; } = 128L * 1024 * 1024;
}

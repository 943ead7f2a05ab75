namespace Claw.Grains.Storage;

/// <summary>Configuration section <c>Claw:Storage:Batching</c>: how grain-state writes share transactions.</summary>
public sealed class WriteBatchingOptions
{
    /// <summary>The section's path below <c>Claw</c>.</summary>
    public const string Section = "Storage:Batching";

    /// <summary>Most row statements in one transaction; more waiting writes form the next one.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>
    /// Transactions in flight at once on PostgreSQL, so that one batch's commit (its WAL flush) overlaps the next
    /// batch's building. SQLite ignores it: it has exactly one writer.
    /// </summary>
    public int MaxInFlight { get; set; } = 2;
}

namespace Claw.Grains.Storage;

/// <summary>
/// One row statement for the <see cref="WriteBatcher"/>: its SQL, its parameters, and the row it touches; with the
/// <see cref="Companions"/> that commit only if it changes its row.
/// </summary>
public sealed record PreparedWrite(string Table, string RowId, string Sql, IReadOnlyList<(string Name, object? Value)> Parameters)
{
    /// <summary>Rows of other tables written in the same transaction when, and only when, this statement changes its row.</summary>
    public IReadOnlyList<CompanionRows> Companions { get; init; } = [];

    /// <summary>Advisory locks the transaction takes before any of its statements runs (<see cref="WriteGuard.Locks"/>).</summary>
    public IReadOnlyList<string> Locks { get; init; } = [];

    /// <summary>The row this statement changes; a batch holds at most one statement per row.</summary>
    public (string Table, string RowId) Row => (Table, RowId);

    /// <summary>How many companion rows this write carries.</summary>
    public int CompanionRowCount => Companions.Sum(c => c.Rows.Count);
}

namespace Claw.Grains.Storage;

/// <summary>One row statement for the <see cref="WriteBatcher"/>: its SQL, its parameters, and the row it touches.</summary>
public sealed record PreparedWrite(string Table, string RowId, string Sql, IReadOnlyList<(string Name, object? Value)> Parameters)
{
    /// <summary>The row this statement changes; a batch holds at most one statement per row.</summary>
    public (string Table, string RowId) Row => (Table, RowId);
}

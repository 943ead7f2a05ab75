namespace Claw.Grains.Storage;

/// <summary>
/// A table whose rows ride along with grain-state writes (see <see cref="CompanionRows"/>): a log such as the events
/// table, where rows are only ever inserted and the database assigns the key.
/// </summary>
public sealed class CompanionTable(string name, params CompanionColumn[] columns)
{
    public string Name => name;

    public IReadOnlyList<CompanionColumn> Columns => columns;

    /// <summary>Rows of this table with their values in <see cref="Columns"/> order.</summary>
    public CompanionRows Rows(IReadOnlyList<object?[]> rows) => new(this, rows);
}

namespace Claw.Grains.Storage;

/// <summary>The SQL of a state row that more than one writer shares.</summary>
internal static class StateSql
{
    /// <summary>
    /// The first write of a row: <c>@id</c>, <c>@version</c> (the row is stored at <c>@version + 1</c>), <c>@doc</c>,
    /// and each column as <c>@c0</c>, <c>@c1</c>, …; a row that exists already is left as it is.
    /// </summary>
    public static string Insert(IStateTable definition, SqlDialect dialect)
    {
        var columns = definition.Columns;
        var names = string.Concat(columns.Select(c => ", " + c.Name));
        var values = string.Concat(columns.Select((c, i) => ", " + (c.IsJson ? dialect.Json("@c" + i) : "@c" + i)));
        return $"INSERT INTO {definition.Table} (id, version, doc{names}) VALUES (@id, @version + 1, {dialect.Json("@doc")}{values}) ON CONFLICT (id) DO NOTHING";
    }
}

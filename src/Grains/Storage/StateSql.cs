using System.Globalization;

namespace Claw.Grains.Storage;

/// <summary>The SQL of a state row that more than one writer shares.</summary>
internal static class StateSql
{
    private static readonly string[] ColumnParameters = [.. Enumerable.Range(0, 64).Select(Name)];

    /// <summary>The parameter of a table's column <paramref name="i"/>: <c>@c0</c>, <c>@c1</c>, …, made once, not on every write.</summary>
    public static string ColumnParameter(int i) => i < ColumnParameters.Length ? ColumnParameters[i] : Name(i);

    /// <summary>A column's value in the SQL: its parameter, cast to the document type when it holds JSON.</summary>
    public static string ColumnValue(StateColumn column, int i, SqlDialect dialect) =>
        column.IsJson ? dialect.Json(ColumnParameter(i)) : ColumnParameter(i);

    /// <summary>
    /// The first write of a row: <c>@id</c>, <c>@version</c> (the row is stored at <c>@version + 1</c>), <c>@doc</c>,
    /// and each column as <c>@c0</c>, <c>@c1</c>, …; a row that exists already is left as it is.
    /// </summary>
    public static string Insert(IStateTable definition, SqlDialect dialect)
    {
        var columns = definition.Columns;
        var names = string.Concat(columns.Select(c => ", " + c.Name));
        var values = string.Concat(columns.Select((c, i) => ", " + ColumnValue(c, i, dialect)));
        return $"INSERT INTO {definition.Table} (id, version, doc{names}) VALUES (@id, @version + 1, {dialect.Json("@doc")}{values}) ON CONFLICT (id) DO NOTHING";
    }

    private static string Name(int i) => "@c" + i.ToString(CultureInfo.InvariantCulture);
}

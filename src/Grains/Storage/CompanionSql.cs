using System.Collections.Concurrent;
using System.Globalization;

namespace Claw.Grains.Storage;

/// <summary>
/// The SQL that writes a state row together with its companion rows. PostgreSQL: one statement, the state write in a
/// CTE whose one returned row gates the inserts (<c>FROM w</c>), each table's rows as column arrays through
/// <c>unnest</c>, so the text stays the same for any row count and is prepared once. SQLite runs the inserts one by
/// one after the state write, inside the same transaction, and only when that write changed its row.
/// </summary>
internal static class CompanionSql
{
    private static readonly ConcurrentDictionary<(string Main, string Tables), string> Composed = new();
    private static readonly ConcurrentDictionary<CompanionTable, string> SqliteInserts = new();

    /// <summary>
    /// The statement, its parameters positional (<see cref="PositionalSql"/>), and their values: the state write's own,
    /// then one array per companion column (a write without companions is its own statement).
    /// </summary>
    public static (string Sql, List<object?> Values) Postgres(PreparedWrite write)
    {
        var groups = write.Companions;
        var main = PositionalSql.Of(write.Sql, write.Parameters);
        var values = new List<object?>(write.Parameters.Count + groups.Sum(g => g.Table.Columns.Count));
        foreach (var (_, value) in write.Parameters)
        {
            values.Add(value);
        }

        if (groups.Count == 0)
        {
            return (main, values);
        }

        var tables = groups.Count == 1 ? groups[0].Table.Name : string.Join(',', groups.Select(g => g.Table.Name));
        var sql = Composed.GetOrAdd((main, tables), static (key, made) => Compose(key.Main, made.groups, made.firstArray), (groups, firstArray: values.Count + 1));
        foreach (var group in groups)
        {
            var columns = group.Table.Columns;
            for (var c = 0; c < columns.Count; c++)
            {
                values.Add(ColumnArray(group.Rows, c, columns[c].Type));
            }
        }

        return (sql, values);
    }

    /// <summary>The insert of one row of <paramref name="table"/>, its values as <c>@v0</c>, <c>@v1</c>, ….</summary>
    public static string SqliteInsert(CompanionTable table) => SqliteInserts.GetOrAdd(table, t =>
        $"INSERT INTO {t.Name} ({string.Join(", ", t.Columns.Select(c => c.Name))}) VALUES ({string.Join(", ", t.Columns.Select((_, i) => ValueName(i)))})");

    public static string ValueName(int column) => "@v" + column.ToString(CultureInfo.InvariantCulture);

    private static string Compose(string main, IReadOnlyList<CompanionRows> groups, int firstArray)
    {
        var inserts = new List<string>(groups.Count);
        foreach (var group in groups)
        {
            inserts.Add(Insert(group.Table, firstArray));
            firstArray += group.Table.Columns.Count;
        }

        var ctes = inserts.Take(inserts.Count - 1).Select((insert, i) => $", c{i} AS ({insert})");
        return $"WITH w AS ({main} RETURNING 1){string.Concat(ctes)} {inserts[^1]}";
    }

    private static string Insert(CompanionTable table, int firstArray)
    {
        var names = string.Join(", ", table.Columns.Select(c => c.Name));
        var select = string.Join(", ", table.Columns.Select(c => c.Type == CompanionType.Json ? $"CAST(u.{c.Name} AS jsonb)" : "u." + c.Name));
        var arrays = string.Join(", ", table.Columns.Select((c, i) => $"CAST(${(firstArray + i).ToString(CultureInfo.InvariantCulture)} AS {(c.Type == CompanionType.Integer ? "bigint[]" : "text[]")})"));
        return $"INSERT INTO {table.Name} ({names}) SELECT {select} FROM w, unnest({arrays}) AS u({names})";
    }

    private static object ColumnArray(IReadOnlyList<object?[]> rows, int column, CompanionType type)
    {
        if (type == CompanionType.Integer)
        {
            var numbers = new long?[rows.Count];
            for (var r = 0; r < rows.Count; r++)
            {
                numbers[r] = rows[r][column] is { } value ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : null;
            }

            return numbers;
        }

        var texts = new string?[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            texts[r] = (string?)rows[r][column];
        }

        return texts;
    }
}

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

    /// <summary>The statement and its parameters: the state write's own, then one array per companion column.</summary>
    public static (string Sql, IReadOnlyList<(string Name, object? Value)> Parameters) Postgres(PreparedWrite write)
    {
        var groups = write.Companions;
        var sql = Composed.GetOrAdd((write.Sql, string.Join(',', groups.Select(g => g.Table.Name))), _ => Compose(write.Sql, groups));
        var parameters = new List<(string, object?)>(write.Parameters);
        for (var g = 0; g < groups.Count; g++)
        {
            var columns = groups[g].Table.Columns;
            for (var c = 0; c < columns.Count; c++)
            {
                parameters.Add((ArrayName(g, c), ColumnArray(groups[g].Rows, c, columns[c].Type)));
            }
        }

        return (sql, parameters);
    }

    /// <summary>The insert of one row of <paramref name="table"/>, its values as <c>@v0</c>, <c>@v1</c>, ….</summary>
    public static string SqliteInsert(CompanionTable table) => SqliteInserts.GetOrAdd(table, t =>
        $"INSERT INTO {t.Name} ({string.Join(", ", t.Columns.Select(c => c.Name))}) VALUES ({string.Join(", ", t.Columns.Select((_, i) => ValueName(i)))})");

    public static string ValueName(int column) => "@v" + column.ToString(CultureInfo.InvariantCulture);

    private static string Compose(string main, IReadOnlyList<CompanionRows> groups)
    {
        var inserts = groups.Select((g, i) => Insert(g.Table, i)).ToList();
        var ctes = inserts.Take(inserts.Count - 1).Select((insert, i) => $", c{i} AS ({insert})");
        return $"WITH w AS ({main} RETURNING 1){string.Concat(ctes)} {inserts[^1]}";
    }

    private static string Insert(CompanionTable table, int group)
    {
        var names = string.Join(", ", table.Columns.Select(c => c.Name));
        var select = string.Join(", ", table.Columns.Select(c => c.Type == CompanionType.Json ? $"CAST(u.{c.Name} AS jsonb)" : "u." + c.Name));
        var arrays = string.Join(", ", table.Columns.Select((c, i) => $"CAST({ArrayName(group, i)} AS {(c.Type == CompanionType.Integer ? "bigint[]" : "text[]")})"));
        return $"INSERT INTO {table.Name} ({names}) SELECT {select} FROM w, unnest({arrays}) AS u({names})";
    }

    private static string ArrayName(int group, int column) => string.Create(CultureInfo.InvariantCulture, $"@k{group}_{column}");

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

using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace Claw.Grains.Storage;

/// <summary>
/// The SQL that writes a state row together with its companion rows. PostgreSQL: one statement, the state write in a
/// CTE whose one returned row gates the inserts (<c>FROM w</c>), each table's rows as one JSON array parameter through
/// <c>jsonb_to_recordset</c>, so the text stays the same for any row count and is prepared once. One parameter per
/// table, not one array per column: PostgreSQL spends the same on either (pgbench, bench/README.md), and the silo
/// builds one string instead of an array, a parameter and an array converter per column. SQLite runs the inserts one by
/// one after the state write, inside the same transaction, and only when that write changed its row.
/// </summary>
internal static class CompanionSql
{
    private static readonly ConcurrentDictionary<(string Main, string Tables), string> Composed = new();
    private static readonly ConcurrentDictionary<CompanionTable, string> SqliteInserts = new();

    /// <summary>
    /// The statement, its parameters positional (<see cref="PositionalSql"/>), and their values: the state write's own,
    /// then one JSON array of rows per companion table (a write without companions is its own statement).
    /// </summary>
    public static (string Sql, List<object?> Values) Postgres(PreparedWrite write)
    {
        var groups = write.Companions;
        var main = PositionalSql.Of(write.Sql, write.Parameters);
        var values = new List<object?>(write.Parameters.Count + groups.Count);
        foreach (var (_, value) in write.Parameters)
        {
            values.Add(value);
        }

        if (groups.Count == 0)
        {
            return (main, values);
        }

        var tables = groups.Count == 1 ? groups[0].Table.Name : string.Join(',', groups.Select(g => g.Table.Name));
        var sql = Composed.GetOrAdd((main, tables), static (key, made) => Compose(key.Main, made.groups, made.firstRows), (groups, firstRows: values.Count + 1));
        foreach (var group in groups)
        {
            values.Add(ThreadJson.Write(group, WriteRows));
        }

        return (sql, values);
    }

    /// <summary>The insert of one row of <paramref name="table"/>, its values as <c>@v0</c>, <c>@v1</c>, ….</summary>
    public static string SqliteInsert(CompanionTable table) => SqliteInserts.GetOrAdd(table, t =>
        $"INSERT INTO {t.Name} ({string.Join(", ", t.Columns.Select(c => c.Name))}) VALUES ({string.Join(", ", t.Columns.Select((_, i) => ValueName(i)))})");

    public static string ValueName(int column) => "@v" + column.ToString(CultureInfo.InvariantCulture);

    private static string Compose(string main, IReadOnlyList<CompanionRows> groups, int firstRows)
    {
        var inserts = groups.Select((group, i) => Insert(group.Table, firstRows + i)).ToList();
        var ctes = inserts.Take(inserts.Count - 1).Select((insert, i) => $", c{i} AS ({insert})");
        return $"WITH w AS ({main} RETURNING 1){string.Concat(ctes)} {inserts[^1]}";
    }

    private static string Insert(CompanionTable table, int rowsParameter)
    {
        var names = string.Join(", ", table.Columns.Select(c => c.Name));
        var values = string.Join(", ", table.Columns.Select(c => "u." + c.Name));
        var record = string.Join(", ", table.Columns.Select(c => $"{c.Name} {c.Type switch { CompanionType.Integer => "bigint", CompanionType.Json => "jsonb", _ => "text" }}"));
        return $"INSERT INTO {table.Name} ({names}) SELECT {values} FROM w, jsonb_to_recordset(CAST(${rowsParameter.ToString(CultureInfo.InvariantCulture)} AS jsonb)) AS u({record})";
    }

    /// <summary>The rows as a JSON array of objects keyed by column name; a null is left out (the record reads it as null), JSON text is written as it is.</summary>
    private static void WriteRows(Utf8JsonWriter json, CompanionRows group)
    {
        var columns = group.Table.Columns;
        json.WriteStartArray();
        foreach (var row in group.Rows)
        {
            json.WriteStartObject();
            for (var c = 0; c < columns.Count; c++)
            {
                if (row[c] is not { } value)
                {
                    continue;
                }

                json.WritePropertyName(columns[c].Name);
                switch (columns[c].Type)
                {
                    case CompanionType.Integer:
                        json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                        break;
                    case CompanionType.Json:
                        json.WriteRawValue((string)value);
                        break;
                    default:
                        json.WriteStringValue((string)value);
                        break;
                }
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}

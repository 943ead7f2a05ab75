using System.Data.Common;
using System.Text.RegularExpressions;

namespace Claw.Grains.Storage;

/// <summary>
/// SQLite has no <c>ADD COLUMN IF NOT EXISTS</c>, yet every schema file must be able to run again. Before a SQLite
/// file runs, each of its <c>ALTER TABLE t ADD COLUMN c …;</c> statements whose column the table already has is taken
/// out, so the file reads as if it had the clause.
/// </summary>
public static partial class SqliteAddColumns
{
    public static async Task<string> WithoutExistingAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        var kept = sql;
        foreach (Match statement in AddColumn().Matches(sql))
        {
            if (await HasColumnAsync(connection, transaction, statement.Groups["table"].Value, statement.Groups["column"].Value, cancellationToken))
            {
                kept = kept.Replace(statement.Value, "", StringComparison.Ordinal);
            }
        }

        return kept;
    }

    private static async Task<bool> HasColumnAsync(DbConnection connection, DbTransaction transaction, string table, string column, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info(@table) WHERE name = @column";
        command.AddParameter("@table", table);
        command.AddParameter("@column", column);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    [GeneratedRegex(@"ALTER\s+TABLE\s+(?<table>\w+)\s+ADD\s+COLUMN\s+(?<column>\w+)[^;]*;", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AddColumn();
}

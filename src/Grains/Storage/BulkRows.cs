using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Claw.Grains.Telemetry;

namespace Claw.Grains.Storage;

/// <summary>
/// New state rows by the thousand: all of them, with their companion rows, in one transaction, set-based.
/// PostgreSQL takes one statement (the rows as column arrays through <c>unnest</c>, the companions of the rows the
/// insert returned, in their order); SQLite one prepared insert per table, reused for every row. Either every row is new and all
/// commit, or the transaction is rolled back and nothing is written. The rows are written as a grain's first write
/// would (<see cref="RelationalGrainStorage"/>: version 1, the same columns), so their grains read them lazily later.
/// </summary>
public sealed class BulkRows(ClawDatabase database, IEnumerable<IStateTable> tables, ClawMetrics metrics, CommitSignals? signals = null)
{
    private readonly Dictionary<Type, IStateTable> _tables = tables.ToDictionary(t => t.StateType);
    private readonly ConcurrentDictionary<string, Task<Dictionary<string, string>>> _columnTypes = new(StringComparer.Ordinal);

    /// <summary>The stored states of those of <paramref name="ids"/> that have a row.</summary>
    public async Task<Dictionary<string, TState>> FindAsync<TState>(IReadOnlyCollection<string> ids)
        where TState : class
    {
        var found = new Dictionary<string, TState>(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return found;
        }

        var table = TableOf<TState>();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        if (database.Kind == StorageKind.Postgres)
        {
            command.CommandText = $"SELECT id, doc::text FROM {table.Table} WHERE id = ANY(CAST(@ids AS text[]))";
            command.AddParameter("@ids", ids.ToArray());
        }
        else
        {
            command.CommandText = $"SELECT id, doc FROM {table.Table} WHERE id IN (SELECT value FROM json_each(@ids))";
            command.AddParameter("@ids", JsonSerializer.Serialize(ids));
        }

        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found[reader.GetString(0)] = StateJson.Deserialize<TState>(reader.GetString(1));
        }

        return found;
    }

    /// <summary>
    /// Inserts <paramref name="rows"/> and the companion rows each state carries (its new events) in one transaction.
    /// False, with nothing written, when any of the rows exists already.
    /// </summary>
    public async Task<bool> InsertAsync<TState>(IReadOnlyList<(string RowId, TState State)> rows)
        where TState : class
    {
        if (rows.Count == 0)
        {
            return true;
        }

        var table = TableOf<TState>();
        var prepared = rows.Select(r => Prepare(table, r.RowId, r.State)).ToList();
        var started = Stopwatch.GetTimestamp();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var (inserted, statements) = database.Kind == StorageKind.Postgres
            ? (await InsertPostgresAsync(connection, transaction, table, prepared), 1)
            : InsertSqlite(connection, transaction, table, prepared);
        if (!inserted)
        {
            await transaction.RollbackAsync();
            return false;
        }

        await transaction.CommitAsync();
        foreach (var row in prepared)
        {
            table.Stored(row.State);
        }

        var companions = prepared.SelectMany(p => p.Companions).ToList();
        metrics.StorageCommitDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        metrics.StorageCommits.Add(1);
        metrics.StorageStatements.Add(statements);
        metrics.StorageBatchSize.Record(rows.Count);
        metrics.StorageCompanionRows.Add(companions.Sum(c => c.Rows.Count));
        foreach (var name in companions.Select(c => c.Table.Name).Distinct(StringComparer.Ordinal))
        {
            signals?.Committed(name);
        }

        return true;
    }

    private static Row Prepare(IStateTable table, string rowId, object state)
    {
        var document = StateJson.Serialize(state);
        return new Row(rowId, state, document, table.ColumnValues(state), table.TakeCompanions(state, rowId, StateWrite.Insert, document));
    }

    private static (bool Inserted, int Statements) InsertSqlite(DbConnection connection, DbTransaction transaction, IStateTable table, List<Row> rows)
    {
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        var columns = table.Columns;
        insert.CommandText = StateSql.Insert(table, SqlDialect.For(StorageKind.Sqlite));
        Parameter(insert, "@version").Value = 0L; // stored at version 1, as a grain's first write
        var parameters = new[] { "@id", "@doc" }.Concat(columns.Select((_, i) => StateSql.ColumnParameter(i)))
            .Select(name => Parameter(insert, name)).ToArray();
        insert.Prepare();
        var companionInserts = new Dictionary<CompanionTable, (DbCommand Command, DbParameter[] Values)>();
        try
        {
            var statements = 0;
            foreach (var row in rows)
            {
                parameters[0].Value = row.RowId;
                parameters[1].Value = row.Document;
                for (var c = 0; c < row.Values.Length; c++)
                {
                    parameters[c + 2].Value = row.Values[c] ?? DBNull.Value;
                }

                statements++;
                if (insert.ExecuteNonQuery() != 1)
                {
                    return (false, statements);
                }

                foreach (var group in row.Companions)
                {
                    var (command, values) = CompanionInsert(connection, transaction, group.Table, companionInserts);
                    foreach (var companion in group.Rows)
                    {
                        for (var c = 0; c < companion.Length; c++)
                        {
                            values[c].Value = companion[c] ?? DBNull.Value;
                        }

                        statements++;
                        command.ExecuteNonQuery();
                    }
                }
            }

            return (true, statements);
        }
        finally
        {
            foreach (var (command, _) in companionInserts.Values)
            {
                command.Dispose();
            }
        }
    }

    private static (DbCommand Command, DbParameter[] Values) CompanionInsert(
        DbConnection connection, DbTransaction transaction, CompanionTable table, Dictionary<CompanionTable, (DbCommand, DbParameter[])> prepared)
    {
        if (!prepared.TryGetValue(table, out var insert))
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = CompanionSql.SqliteInsert(table);
            var values = table.Columns.Select((_, i) => Parameter(command, CompanionSql.ValueName(i))).ToArray();
            command.Prepare();
            prepared[table] = insert = (command, values);
        }

        return insert;
    }

    private static DbParameter Parameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>
    /// One statement: the rows through <c>unnest</c>, <c>ON CONFLICT DO NOTHING</c>, each companion table's rows
    /// kept when their owner's id is among those the insert returned, in the order they were given (their sequence
    /// numbers follow it: a task's <c>created</c> event before its <c>queued</c>); it answers how many rows it inserted.
    /// </summary>
    private async Task<bool> InsertPostgresAsync(DbConnection connection, DbTransaction transaction, IStateTable table, List<Row> rows)
    {
        var types = await ColumnTypesAsync(table.Table);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var columns = table.Columns;
        var names = columns.Select((_, i) => "c" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        command.AddParameter("@ids", rows.ConvertAll(r => r.RowId).ToArray());
        command.AddParameter("@docs", rows.ConvertAll(r => r.Document).ToArray());
        var arrays = new List<string> { "CAST(@ids AS text[])", "CAST(@docs AS text[])" };
        for (var c = 0; c < columns.Count; c++)
        {
            var numeric = types.GetValueOrDefault(columns[c].Name) is "bigint" or "integer";
            command.AddParameter("@" + names[c], ColumnArray(rows.ConvertAll(r => r.Values[c]), numeric));
            arrays.Add($"CAST(@{names[c]} AS {(numeric ? "bigint[]" : "text[]")})");
        }

        var select = string.Join(", ", columns.Select((col, i) => col.IsJson ? $"CAST(u.{names[i]} AS jsonb)" : "u." + names[i]));
        var sql = $"WITH w AS (INSERT INTO {table.Table} (id, version, doc, {string.Join(", ", columns.Select(c => c.Name))}) "
            + $"SELECT u.id, 1, CAST(u.doc AS jsonb), {select} FROM unnest({string.Join(", ", arrays)}) AS u(id, doc, {string.Join(", ", names)}) "
            + "ON CONFLICT (id) DO NOTHING RETURNING id)";
        var groups = rows.SelectMany(r => r.Companions.Select(g => (r.RowId, g))).GroupBy(x => x.g.Table).ToList();
        for (var g = 0; g < groups.Count; g++)
        {
            sql += ", " + CompanionInsert(command, g, groups[g].Key, [.. groups[g].SelectMany(x => x.g.Rows.Select(row => (x.RowId, row)))]);
        }

        command.CommandText = sql + " SELECT count(*) FROM w";
        var inserted = Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        return inserted == rows.Count;
    }

    /// <summary>A CTE inserting one companion table's rows whose owner row was inserted (joined to <c>w</c>).</summary>
    private static string CompanionInsert(DbCommand command, int group, CompanionTable table, List<(string Owner, object?[] Row)> rows)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"k{group}_");
        command.AddParameter("@" + prefix + "owner", rows.ConvertAll(r => r.Owner).ToArray());
        var arrays = new List<string> { $"CAST(@{prefix}owner AS text[])" };
        var columns = table.Columns;
        for (var c = 0; c < columns.Count; c++)
        {
            var numeric = columns[c].Type == CompanionType.Integer;
            command.AddParameter($"@{prefix}{c}", ColumnArray(rows.ConvertAll(r => r.Row[c]), numeric));
            arrays.Add($"CAST(@{prefix}{c} AS {(numeric ? "bigint[]" : "text[]")})");
        }

        var names = string.Join(", ", columns.Select(c => c.Name));
        var select = string.Join(", ", columns.Select(c => c.Type == CompanionType.Json ? $"CAST(u.{c.Name} AS jsonb)" : "u." + c.Name));
        return string.Create(CultureInfo.InvariantCulture,
            $"e{group} AS (INSERT INTO {table.Name} ({names}) SELECT {select} FROM unnest({string.Join(", ", arrays)}) WITH ORDINALITY AS u(owner_id, {names}, ord) WHERE u.owner_id IN (SELECT id FROM w) ORDER BY u.ord)");
    }

    private static object ColumnArray(List<object?> values, bool numeric) => numeric
        ? values.ConvertAll(v => v is null ? (long?)null : Convert.ToInt64(v, CultureInfo.InvariantCulture)).ToArray()
        : values.ConvertAll(v => (string?)v).ToArray();

    /// <summary>The PostgreSQL types of a table's columns, read once (again after a failed read): the arrays must be cast to them.</summary>
    private async Task<Dictionary<string, string>> ColumnTypesAsync(string table)
    {
        var read = _columnTypes.GetOrAdd(table, ReadColumnTypesAsync);
        try
        {
            return await read;
        }
        catch
        {
            _columnTypes.TryRemove(new KeyValuePair<string, Task<Dictionary<string, string>>>(table, read));
            throw;
        }
    }

    private async Task<Dictionary<string, string>> ReadColumnTypesAsync(string name)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = @table AND table_schema = current_schema()";
        command.AddParameter("@table", name);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            types[reader.GetString(0)] = reader.GetString(1);
        }

        return types;
    }

    private IStateTable TableOf<TState>() => _tables.TryGetValue(typeof(TState), out var table)
        ? table
        : throw new InvalidOperationException($"No state table is registered for {typeof(TState).Name}.");

    private sealed record Row(string RowId, object State, string Document, object?[] Values, IReadOnlyList<CompanionRows> Companions);
}

using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using Orleans.Storage;

namespace Claw.Grains.Storage;

/// <summary>
/// Our grain storage provider: each registered state type is a row in its own table (see <see cref="IStateTable"/>),
/// written with an optimistic version check, so a stale activation can never overwrite a newer state. Reads go
/// straight to the database; writes go through the <see cref="WriteBatcher"/>, so many grains share one commit. A
/// table may attach companion rows to a write (<see cref="IStateTable.TakeCompanions"/>): they commit with it or not at all.
/// </summary>
public sealed class RelationalGrainStorage : IGrainStorage
{
    /// <summary>The provider name grains use in <c>[PersistentState(..., ProviderName)]</c>.</summary>
    public const string ProviderName = "claw";

    private readonly ClawDatabase _database;
    private readonly FrozenDictionary<Type, TableStatements> _tables;
    private readonly WriteBatcher _batcher;

    public RelationalGrainStorage(ClawDatabase database, WriteBatcher batcher, IEnumerable<IStateTable> tables)
    {
        _database = database;
        _batcher = batcher;
        _tables = tables.ToFrozenDictionary(t => t.StateType, t => new TableStatements(t, database.Dialect));
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var table = TableFor<T>();
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = table.Select;
        command.AddParameter("@id", RowId(grainId));
        await using var reader = await command.ExecuteReaderAsync();
        if (await reader.ReadAsync())
        {
            grainState.ETag = reader.GetInt64(0).ToString(CultureInfo.InvariantCulture);
            grainState.State = StateJson.Deserialize<T>(reader.GetString(1));
            grainState.RecordExists = true;
            table.Definition.Stored(grainState.State!);
            return;
        }

        grainState.ETag = null;
        grainState.State = Activator.CreateInstance<T>();
        grainState.RecordExists = false;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var table = TableFor<T>();
        var rowId = RowId(grainId);
        var expected = Version(grainState.ETag);
        var state = grainState.State!;
        var values = table.Definition.ColumnValues(state);
        var document = StateJson.Serialize(state);
        var parameters = new List<(string, object?)>(3 + values.Length)
        {
            ("@id", rowId),
            ("@version", expected),
            ("@doc", document),
        };
        var columns = table.Definition.Columns;
        for (var i = 0; i < values.Length; i++)
        {
            parameters.Add((StateSql.ColumnParameter(i), values[i] ?? TypedNull.Of(columns[i])));
        }

        var (sql, write) = expected == 0 ? (table.Insert, StateWrite.Insert) : (table.Update, StateWrite.Update);
        var guard = write == StateWrite.Update ? table.Definition.GuardOf(state) : null;
        if (guard is not null)
        {
            sql = table.Guarded(guard.Predicate);
            parameters.AddRange(guard.Parameters);
        }

        var companions = table.Definition.TakeCompanions(state, rowId, write, document);
        if (await _batcher.WriteAsync(new PreparedWrite(table.Definition.Table, rowId, sql, parameters) { Companions = companions, Locks = guard?.Locks ?? [] }) != 1)
        {
            if (guard is not null && await StoredVersionAsync(table, rowId) == expected)
            {
                throw new WriteRefusedException($"{table.Definition.Table} row '{rowId}' did not meet the condition of its write.");
            }

            throw new InconsistentStateException($"{table.Definition.Table} row '{rowId}' changed since version {expected}.", "unknown", grainState.ETag);
        }

        grainState.ETag = (expected + 1).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
        table.Definition.Stored(state);
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var table = TableFor<T>();
        if (grainState.ETag is not null)
        {
            var rowId = RowId(grainId);
            var delete = new PreparedWrite(table.Definition.Table, rowId, table.Delete, [("@id", rowId), ("@version", Version(grainState.ETag))])
            {
                Companions = table.Definition.TakeCompanions(grainState.State!, rowId, StateWrite.Delete, document: null),
            };
            if (await _batcher.WriteAsync(delete) != 1)
            {
                throw new InconsistentStateException($"{table.Definition.Table} row '{rowId}' changed before it was cleared.", "unknown", grainState.ETag);
            }
        }

        grainState.ETag = null;
        grainState.State = Activator.CreateInstance<T>();
        grainState.RecordExists = false;
    }

    /// <summary>The row's version now (0: no row): tells a refused guard from a changed row.</summary>
    private async Task<long> StoredVersionAsync(TableStatements table, string rowId)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = table.SelectVersion;
        command.AddParameter("@id", rowId);
        return await command.ExecuteScalarAsync() is { } version ? Convert.ToInt64(version, CultureInfo.InvariantCulture) : 0;
    }

    private static long Version(string? etag) => etag is null ? 0 : long.Parse(etag, CultureInfo.InvariantCulture);

    private static string RowId(GrainId grainId) => grainId.Key.ToString()!;

    private TableStatements TableFor<T>() => _tables.TryGetValue(typeof(T), out var table)
        ? table
        : throw new InvalidOperationException($"No state table is registered for {typeof(T).Name}.");

    /// <summary>The SQL of one table, built once.</summary>
    private sealed class TableStatements
    {
        private readonly ConcurrentDictionary<string, string> _guarded = new(StringComparer.Ordinal);

        public TableStatements(IStateTable definition, SqlDialect dialect)
        {
            Definition = definition;
            var columns = definition.Columns;
            var sets = string.Concat(columns.Select((c, i) => $", {c.Name} = " + StateSql.ColumnValue(c, i, dialect)));
            Select = $"SELECT version, {dialect.JsonText("doc")} FROM {definition.Table} WHERE id = @id";
            SelectVersion = $"SELECT version FROM {definition.Table} WHERE id = @id";
            Insert = StateSql.Insert(definition, dialect);
            Update = $"UPDATE {definition.Table} SET version = version + 1, doc = {dialect.Json("@doc")}{sets} WHERE id = @id AND version = @version";
            Delete = $"DELETE FROM {definition.Table} WHERE id = @id AND version = @version";
        }

        public IStateTable Definition { get; }

        public string SelectVersion { get; }

        public string Select { get; }

        public string Insert { get; }

        public string Update { get; }

        public string Delete { get; }

        /// <summary>The update with <paramref name="predicate"/> added to its condition, built once per predicate.</summary>
        public string Guarded(string predicate) => _guarded.GetOrAdd(predicate, p => $"{Update} AND {p}");
    }
}

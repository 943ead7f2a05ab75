using System.Data.Common;

namespace Claw.Grains.Storage;

/// <summary>
/// Applies the versioned schema files embedded under <c>Storage/Schema/{sqlite|postgres}</c>, in file-name order.
/// A file whose checksum is already recorded in <c>claw_schema_history</c> is skipped, so applying twice changes
/// nothing; the files are idempotent themselves, so an edited file can simply run again. All files run in one
/// transaction, serialized across silos (a PostgreSQL advisory lock; SQLite's write lock).
/// </summary>
public sealed partial class SchemaMigrator(ClawDatabase database, ILogger<SchemaMigrator> logger)
{
    private const long MigrationLockKey = 0x436C_6177_4D69_67; // "ClawMig"

    private const string HistoryTable = """
        CREATE TABLE IF NOT EXISTS claw_schema_history (
            version    VARCHAR(200) NOT NULL PRIMARY KEY,
            checksum   VARCHAR(64)  NOT NULL,
            applied_at VARCHAR(40)  NOT NULL
        )
        """;

    /// <summary>The schema files of this database kind, in the order they are applied.</summary>
    public IReadOnlyList<SchemaScript> Scripts { get; } = SchemaScript.Load(database.Kind);

    /// <summary>Brings the schema up to date; returns how many files were (re)applied.</summary>
    public async Task<int> ApplyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        if (database.Kind == StorageKind.Sqlite)
        {
            // Persistent for the file, and impossible to change inside a transaction.
            await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL", cancellationToken);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (database.Kind == StorageKind.Postgres)
        {
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", cancellationToken);
        }

        await ExecuteAsync(connection, transaction, HistoryTable, cancellationToken);
        var applied = await ReadHistoryAsync(connection, transaction, cancellationToken);
        var count = 0;
        foreach (var script in Scripts)
        {
            if (applied.TryGetValue(script.Version, out var checksum) && checksum == script.Checksum)
            {
                continue;
            }

            var sql = database.Kind == StorageKind.Sqlite ? await SqliteAddColumns.WithoutExistingAsync(connection, transaction, script.Sql, cancellationToken) : script.Sql;
            await ExecuteAsync(connection, transaction, sql, cancellationToken);
            await RecordAsync(connection, transaction, script, cancellationToken);
            LogApplied(logger, script.Version, database.Kind);
            count++;
        }

        await transaction.CommitAsync(cancellationToken);
        LogUpToDate(logger, database.Kind, Scripts.Count, count);
        return count;
    }

    private static async Task<Dictionary<string, string>> ReadHistoryAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version, checksum FROM claw_schema_history";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var history = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            history[reader.GetString(0)] = reader.GetString(1);
        }

        return history;
    }

    private static async Task RecordAsync(DbConnection connection, DbTransaction transaction, SchemaScript script, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO claw_schema_history (version, checksum, applied_at) VALUES (@version, @checksum, @applied_at)
            ON CONFLICT (version) DO UPDATE SET checksum = excluded.checksum, applied_at = excluded.applied_at
            """;
        command.AddParameter("@version", script.Version);
        command.AddParameter("@checksum", script.Checksum);
        command.AddParameter("@applied_at", DateTimeOffset.UtcNow.ToString("O"));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 120;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }


    [LoggerMessage(EventIds.SchemaFileApplied, LogLevel.Information, "Applied schema file {Version} on {Storage}")]
    private static partial void LogApplied(ILogger logger, string version, StorageKind storage);

    [LoggerMessage(EventIds.SchemaUpToDate, LogLevel.Information, "Schema of {Storage} is up to date: {Files} files, {Applied} applied now")]
    private static partial void LogUpToDate(ILogger logger, StorageKind storage, int files, int applied);
}

using System.Data.Common;
using Claw.Abstractions.Health;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Claw.Grains.Storage;

/// <summary>The one database of a silo: its kind, a pooled data source, and a cheap liveness probe.</summary>
public sealed class ClawDatabase : IAsyncDisposable
{
    private ClawDatabase(StorageKind kind, DbDataSource dataSource, string probeConnectionString)
    {
        Kind = kind;
        DataSource = dataSource;
        ProbeConnectionString = probeConnectionString;
        Dialect = SqlDialect.For(kind);
    }

    public StorageKind Kind { get; }

    public DbDataSource DataSource { get; }

    public SqlDialect Dialect { get; }

    /// <summary>The ADO.NET invariant Orleans' providers expect (Orleans maps the SQLite one to Microsoft.Data.Sqlite).</summary>
    public string AdoNetInvariant => Kind == StorageKind.Sqlite ? "System.Data.SQLite" : "Npgsql";

    private string ProbeConnectionString { get; }

    public static ClawDatabase Create(ClawStorageOptions options)
    {
        if (options.Storage == StorageKind.Postgres)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                throw new InvalidOperationException("PostgreSQL storage needs a connection string: Claw__ConnectionString, or --connection-string-file naming a file that holds it (a --connection-string switch shows in the process list).");
            }

            var npgsql = new NpgsqlDataSourceBuilder(options.ConnectionString);

            // We keep no session state on a connection, so the DISCARD ALL Npgsql puts before the first statement of a
            // reused pooled connection would be one more statement, and its own transaction, per use for nothing.
            npgsql.ConnectionStringBuilder.NoResetOnClose = true;

            // A handful of statements run for every task; prepared once per physical connection, PostgreSQL skips
            // parsing and planning them each time. An explicit Max Auto Prepare in the connection string wins.
            if (npgsql.ConnectionStringBuilder.MaxAutoPrepare == 0)
            {
                npgsql.ConnectionStringBuilder.MaxAutoPrepare = 64;
            }

            var dataSource = npgsql.Build();
            return new ClawDatabase(StorageKind.Postgres, dataSource, options.ConnectionString);
        }

        var builder = new SqliteConnectionStringBuilder(options.ConnectionString ?? string.Empty);
        if (string.IsNullOrEmpty(builder.DataSource))
        {
            Directory.CreateDirectory(options.DataDirectory);
            builder.DataSource = Path.GetFullPath(Path.Combine(options.DataDirectory, "claw.db"));
        }

        builder.DefaultTimeout = TunedSqliteConnection.BusyTimeoutMilliseconds / 1000;
        builder.Pooling = true;

        // The probe must notice a database file that has gone away, so it never creates one and never pools.
        var probe = new SqliteConnectionStringBuilder(builder.ConnectionString) { Mode = SqliteOpenMode.ReadWrite, Pooling = false };
        return new ClawDatabase(StorageKind.Sqlite, new SqliteDataSource(builder.ConnectionString), probe.ConnectionString);
    }

    /// <summary>A real round trip: opens a connection and reads the schema history.</summary>
    public async Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = Kind == StorageKind.Sqlite
                ? new TunedSqliteConnection(ProbeConnectionString)
                : await DataSource.OpenConnectionAsync(cancellationToken);
            if (connection.State != System.Data.ConnectionState.Open)
            {
                await connection.OpenAsync(cancellationToken);
            }

            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM claw_schema_history";
            await command.ExecuteScalarAsync(cancellationToken);
            return new ProbeResult(true, $"{Kind.Wire()} answered");
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or IOException or TimeoutException)
        {
            // The exception message of a driver can hold host names but never passwords; keep only its type.
            return new ProbeResult(false, $"{Kind.Wire()} unavailable ({ex.GetType().Name})");
        }
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}

using System.Data.Common;
using System.Text;
using Claw.Grains.Storage;
using Claw.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Claw.Tests.Storage;

public sealed class SchemaMigratorTests
{
    [Fact]
    public async Task Applying_the_sqlite_schema_twice_changes_nothing()
    {
        using var data = new TempDirectory();
        await using var database = ClawDatabase.Create(new ClawStorageOptions { DataDirectory = data.Path });
        await AssertIdempotentAsync(database, SqliteCatalog);
    }

    [Fact]
    public async Task Applying_the_postgres_schema_twice_changes_nothing()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        await using var database = ClawDatabase.Create(new ClawStorageOptions { Storage = StorageKind.Postgres, ConnectionString = postgres.ConnectionString });
        await AssertIdempotentAsync(database, PostgresCatalog);
    }

    [Fact]
    public async Task The_sqlite_database_runs_in_wal_mode_with_the_tuned_pragmas_on_every_connection()
    {
        using var data = new TempDirectory();
        await using var database = ClawDatabase.Create(new ClawStorageOptions { DataDirectory = data.Path });
        await new SchemaMigrator(database, NullLogger<SchemaMigrator>.Instance).ApplyAsync(CancellationToken.None);

        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode"));
        Assert.Equal("1", await ScalarAsync(connection, "PRAGMA synchronous")); // 1 = NORMAL
        Assert.Equal("30000", await ScalarAsync(connection, "PRAGMA busy_timeout"));
    }

    private static async Task AssertIdempotentAsync(ClawDatabase database, string catalogQuery)
    {
        var migrator = new SchemaMigrator(database, NullLogger<SchemaMigrator>.Instance);
        Assert.Contains(migrator.Scripts, s => s.Version.Contains("orleans-main", StringComparison.Ordinal));

        Assert.Equal(migrator.Scripts.Count, await migrator.ApplyAsync(CancellationToken.None));
        var afterFirst = await DumpAsync(database, catalogQuery);

        Assert.Equal(0, await migrator.ApplyAsync(CancellationToken.None));
        Assert.Equal(afterFirst, await DumpAsync(database, catalogQuery));

        // The files themselves are idempotent too: with the history gone, running every file again changes nothing.
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await ScalarAsync(connection, "DELETE FROM claw_schema_history");
        }

        Assert.Equal(migrator.Scripts.Count, await migrator.ApplyAsync(CancellationToken.None));
        Assert.Equal(afterFirst, await DumpAsync(database, catalogQuery));
    }

    private const string SqliteCatalog = "SELECT type || ' ' || name || ' ' || COALESCE(sql, '') FROM sqlite_master ORDER BY type, name";

    private const string PostgresCatalog = """
        SELECT 'table ' || table_name || '.' || column_name || ' ' || data_type FROM information_schema.columns WHERE table_schema = 'public'
        UNION ALL SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
        UNION ALL SELECT 'function ' || p.proname || ' ' || md5(p.prosrc) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
        ORDER BY 1
        """;

    /// <summary>The schema objects, every stored Orleans query, and how many history rows exist.</summary>
    private static async Task<string> DumpAsync(ClawDatabase database, string catalogQuery)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var dump = new StringBuilder();
        await AppendRowsAsync(connection, catalogQuery, dump);
        await AppendRowsAsync(connection, "SELECT QueryKey || ' ' || QueryText FROM OrleansQuery ORDER BY QueryKey", dump);
        dump.Append("history ").Append(await ScalarAsync(connection, "SELECT COUNT(*) FROM claw_schema_history"));
        return dump.ToString();
    }

    private static async Task AppendRowsAsync(DbConnection connection, string sql, StringBuilder dump)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            dump.AppendLine(reader.GetString(0));
        }
    }

    private static async Task<string?> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

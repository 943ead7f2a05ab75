using Npgsql;

namespace Claw.Tests.Infrastructure;

/// <summary>
/// A throwaway database on the PostgreSQL server that <c>./test.sh</c> provides through <c>CLAW_TEST_POSTGRES</c>.
/// PostgreSQL tests never skip: without a server they fail and say how to get one.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    public const string Variable = "CLAW_TEST_POSTGRES";

    private readonly string _admin;

    private PostgresDatabase(string admin, string name, string connectionString)
    {
        _admin = admin;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var admin = Environment.GetEnvironmentVariable(Variable);
        Assert.False(string.IsNullOrWhiteSpace(admin), $"{Variable} is not set: run the tests through ./test.sh, which starts a PostgreSQL server for them.");
        var name = "claw_test_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(admin!, $"CREATE DATABASE {name}");
        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        return new PostgresDatabase(admin!, name, connectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

using Npgsql;

namespace Claw.Bench.Measure;

/// <summary>
/// A connection to the server's maintenance database (not the silos'), unpooled: the generator's own queries are then
/// neither counted against the silos' transactions nor left holding a connection between scenarios.
/// </summary>
internal static class MaintenanceDatabase
{
    public static async Task<NpgsqlConnection> OpenAsync(string postgres, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(postgres) { Database = "postgres", Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}

using System.Diagnostics;
using Npgsql;

namespace Claw.Tests.Cluster.History;

/// <summary>
/// Watches the Orleans membership table for a killed silo's row (its port, the generation that was active) to turn
/// Dead, so a run can tell how long the cluster took to notice each kill.
/// </summary>
public sealed class DeathWatch(string connectionString)
{
    private const int Active = 3;
    private const int Dead = 6;

    /// <summary>The generation of the silo on <paramref name="port"/> that is active now (read before a kill).</summary>
    public async Task<int?> ActiveGenerationAsync(int port)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT max(generation) FROM orleansmembershiptable WHERE port = @port AND status = @active", connection);
        command.Parameters.AddWithValue("port", port);
        command.Parameters.AddWithValue("active", Active);
        return await command.ExecuteScalarAsync() is int generation ? generation : null;
    }

    /// <summary>How long after <paramref name="since"/> the row turned Dead; null if it did not within two minutes.</summary>
    public async Task<TimeSpan?> DeclaredDeadAsync(int port, int generation, Stopwatch since)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status FROM orleansmembershiptable WHERE port = @port AND generation = @generation", connection);
        command.Parameters.AddWithValue("port", port);
        command.Parameters.AddWithValue("generation", generation);
        while (since.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (await command.ExecuteScalarAsync() is Dead)
            {
                return since.Elapsed;
            }

            await Task.Delay(100);
        }

        return null;
    }
}

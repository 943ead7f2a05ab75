using System.Diagnostics;
using Npgsql;

namespace Claw.Bench.Measure;

/// <summary>
/// Lets the system finish what earlier scenarios left it before a latency measurement: the silos' deactivations, the
/// autovacuum of the rows they wrote, and a checkpoint (as the peers harness checkpoints before each pgbench run).
/// Otherwise a latency tail measures whichever of those falls into its window, not the system at rest.
/// </summary>
internal static class DatabaseSettle
{
    private static readonly TimeSpan SiloPause = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan AutovacuumWait = TimeSpan.FromSeconds(60);

    /// <summary>Returns how long settling took.</summary>
    public static async Task<double> SettleAsync(string? postgres, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await Task.Delay(SiloPause, cancellationToken);
        if (postgres is not null)
        {
            await using var connection = await MaintenanceDatabase.OpenAsync(postgres, cancellationToken);
            while (clock.Elapsed < AutovacuumWait && await AutovacuumWorkersAsync(connection, cancellationToken) > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            }

            await using var checkpoint = new NpgsqlCommand("CHECKPOINT", connection) { CommandTimeout = 300 };
            await checkpoint.ExecuteNonQueryAsync(cancellationToken);
        }

        return Math.Round(clock.Elapsed.TotalSeconds, 1);
    }

    private static async Task<long> AutovacuumWorkersAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}

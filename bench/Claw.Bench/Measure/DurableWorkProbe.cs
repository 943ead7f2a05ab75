using Claw.Bench.Cluster;
using Claw.Bench.Results;
using Npgsql;

namespace Claw.Bench.Measure;

/// <summary>
/// Counts the durable work a scenario causes: PostgreSQL's own view of the silos' database (committed transactions
/// from pg_stat_database, executed statements from pg_stat_statements when the server preloads it) and the silos'
/// own storage counters on <c>/metrics</c> (<c>claw_storage_commits_total</c>, <c>claw_storage_statements_total</c>,
/// <c>claw_storage_batch_size</c>), each reported "n/a" when absent.
/// </summary>
internal sealed class DurableWorkProbe(ClawCluster cluster, string? postgres)
{
    /// <summary>
    /// PostgreSQL backends publish their counters at most once a second while busy and within 10 s once idle
    /// (PGSTAT_IDLE_INTERVAL), so a reading waits that long after the load for the numbers to be complete.
    /// </summary>
    public static readonly TimeSpan PgSettle = TimeSpan.FromSeconds(11);

    private readonly string? _database = postgres is null ? null : new NpgsqlConnectionStringBuilder(postgres).Database;

    public bool HasPostgres => postgres is not null;

    public async Task<WorkCounters> ReadAsync(CancellationToken cancellationToken)
    {
        if (HasPostgres)
        {
            await Task.Delay(PgSettle, cancellationToken);
        }
        else
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken); // the exporter caches a scrape briefly
        }

        var (commits, statements) = await ReadPostgresAsync(cancellationToken);
        var metrics = await cluster.ScrapeMetricsAsync(cancellationToken);
        return new WorkCounters(
            commits,
            statements,
            PrometheusText.Sum(metrics, "claw_storage_commits_total"),
            PrometheusText.Sum(metrics, "claw_storage_statements_total"),
            PrometheusText.Sum(metrics, "claw_storage_batch_size_sum"),
            PrometheusText.Sum(metrics, "claw_storage_batch_size_count"));
    }

    public static DurableWork Delta(WorkCounters before, WorkCounters after, int completedTasks)
    {
        double? Diff(Func<WorkCounters, double?> pick) => pick(before) is { } b && pick(after) is { } a ? a - b : null;
        double? PerTask(double? total) => total is { } t && completedTasks > 0 ? Math.Round(t / completedTasks, 2) : null;
        var pgCommits = Diff(c => c.PgCommits);
        var pgStatements = Diff(c => c.PgStatements);
        var clawCommits = Diff(c => c.ClawCommits);
        var clawStatements = Diff(c => c.ClawStatements);
        var batchSum = Diff(c => c.ClawBatchSizeSum);
        var batchCount = Diff(c => c.ClawBatchSizeCount);
        return new DurableWork(
            completedTasks,
            pgCommits,
            PerTask(pgCommits),
            pgStatements,
            PerTask(pgStatements),
            clawCommits,
            PerTask(clawCommits),
            clawStatements,
            PerTask(clawStatements),
            batchSum is { } s && batchCount is > 0 ? Math.Round(s / batchCount.Value, 2) : null);
    }

    private async Task<(double? Commits, double? Statements)> ReadPostgresAsync(CancellationToken cancellationToken)
    {
        if (postgres is null)
        {
            return (null, null);
        }

        // Read from the maintenance database, so the probe's own transactions are not counted against the silos'.
        var builder = new NpgsqlConnectionStringBuilder(postgres) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        double? commits = await ScalarAsync(connection, "SELECT xact_commit FROM pg_stat_database WHERE datname = @db", cancellationToken);
        double? statements = null;
        try
        {
            await ScalarAsync(connection, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements", cancellationToken);
            statements = await ScalarAsync(connection,
                "SELECT coalesce(sum(s.calls), 0) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = @db",
                cancellationToken);
        }
        catch (PostgresException)
        {
            // not preloaded (shared_preload_libraries): statements stay n/a
        }

        return (commits, statements);
    }

    private async Task<double?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (sql.Contains("@db", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("db", _database ?? "");
        }

        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? null : Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}

using Claw.Bench.Cluster;
using Claw.Bench.Results;
using Npgsql;

namespace Claw.Bench.Measure;

/// <summary>
/// Counts the work a scenario causes: PostgreSQL's own view of the silos' database (committed transactions
/// from pg_stat_database, executed statements from pg_stat_statements when the server preloads it), the silos'
/// own storage counters on <c>/metrics</c> (<c>claw_storage_commits_total</c>, <c>claw_storage_statements_total</c>,
/// <c>claw_storage_batch_size</c>), their grain calls (<c>claw_grain_calls_total</c> by <c>grain</c>) and the
/// runtime's completed thread-pool work items, each reported "n/a" when absent.
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
            PrometheusText.Sum(metrics, "claw_storage_batch_size_count"),
            PrometheusText.SumBy(metrics, GrainCallsMetric, "grain"),
            PrometheusText.Sum(metrics, WorkItemsMetric));
    }

    /// <summary>Every grain call the silos made, by grain interface or class.</summary>
    public const string GrainCallsMetric = "claw_grain_calls_total";

    /// <summary>The runtime's count of completed thread-pool work items (System.Runtime's <c>dotnet.thread_pool.work_item.count</c>).</summary>
    public const string WorkItemsMetric = "dotnet_thread_pool_work_item_count_total";

    public static DurableWork Delta(WorkCounters before, WorkCounters after, int completedTasks)
    {
        double? Diff(Func<WorkCounters, double?> pick) => pick(before) is { } b && pick(after) is { } a ? a - b : null;
        double? PerTask(double? total) => total is { } t && completedTasks > 0 ? Math.Round(t / completedTasks, 4) : null; // a batch's commit is a thousandth of a task
        var statements = StatementDelta(before.PgStatements, after.PgStatements);
        double? Calls(bool utility) => statements?.Where(s => s.IsUtility == utility).Sum(s => s.Calls);
        var pgCommits = Diff(c => c.PgCommits);
        var clawCommits = Diff(c => c.ClawCommits);
        var clawStatements = Diff(c => c.ClawStatements);
        var batchSum = Diff(c => c.ClawBatchSizeSum);
        var batchCount = Diff(c => c.ClawBatchSizeCount);
        var top = (statements ?? [])
            .OrderByDescending(s => s.Calls)
            .Take(8)
            .Select(s => new StatementShare(Shorten(s.Query), PerTask(s.Calls) ?? 0))
            .ToList();
        var grains = GrainDelta(before.GrainCalls, after.GrainCalls);
        var grainCalls = grains?.Values.Sum();
        var workItems = Diff(c => c.ThreadPoolWorkItems);
        var topGrains = (grains ?? [])
            .Where(g => g.Value > 0)
            .OrderByDescending(g => g.Value)
            .Take(10)
            .Select(g => new GrainShare(g.Key.Length == 0 ? "(no grain label)" : g.Key, PerTask(g.Value) ?? 0))
            .ToList();
        return new DurableWork(
            completedTasks,
            pgCommits,
            PerTask(pgCommits),
            Calls(utility: false),
            PerTask(Calls(utility: false)),
            PerTask(Calls(utility: true)),
            clawCommits,
            PerTask(clawCommits),
            clawStatements,
            PerTask(clawStatements),
            batchSum is { } s && batchCount is > 0 ? Math.Round(s / batchCount.Value, 2) : null,
            top,
            grainCalls,
            PerTask(grainCalls),
            topGrains,
            workItems,
            PerTask(workItems));
    }

    private static Dictionary<string, double>? GrainDelta(IReadOnlyDictionary<string, double>? before, IReadOnlyDictionary<string, double>? after) =>
        after is null
            ? null
            : after.ToDictionary(a => a.Key, a => a.Value - (before?.GetValueOrDefault(a.Key) ?? 0), StringComparer.Ordinal);

    private static List<StatementCalls>? StatementDelta(IReadOnlyDictionary<long, StatementCalls>? before, IReadOnlyDictionary<long, StatementCalls>? after) =>
        before is null || after is null
            ? null
            : after.Select(a => a.Value with { Calls = a.Value.Calls - (before.TryGetValue(a.Key, out var b) ? b.Calls : 0) }).Where(s => s.Calls > 0).ToList();

    private static string Shorten(string query)
    {
        var oneLine = string.Join(' ', query.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= 140 ? oneLine : oneLine[..140] + "…";
    }

    private async Task<(double? Commits, IReadOnlyDictionary<long, StatementCalls>? Statements)> ReadPostgresAsync(CancellationToken cancellationToken)
    {
        if (postgres is null)
        {
            return (null, null);
        }

        await using var connection = await MaintenanceDatabase.OpenAsync(postgres, cancellationToken);
        double? commits = await ScalarAsync(connection, "SELECT xact_commit FROM pg_stat_database WHERE datname = @db", cancellationToken);
        try
        {
            await ScalarAsync(connection, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements", cancellationToken);
            return (commits, await StatementsAsync(connection, cancellationToken));
        }
        catch (PostgresException)
        {
            return (commits, null); // not preloaded (shared_preload_libraries): statements stay n/a
        }
    }

    private async Task<IReadOnlyDictionary<long, StatementCalls>> StatementsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT s.queryid, s.query, s.calls FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = @db AND s.queryid IS NOT NULL",
            connection);
        command.Parameters.AddWithValue("db", _database ?? "");
        var statements = new Dictionary<long, StatementCalls>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetInt64(0);
            var calls = statements.TryGetValue(id, out var seen) ? seen.Calls : 0; // one queryid per user and top-level flag
            statements[id] = new StatementCalls(reader.GetString(1), calls + reader.GetInt64(2));
        }

        return statements;
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

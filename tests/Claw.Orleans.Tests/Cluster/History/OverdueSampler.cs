using System.Collections.Concurrent;
using Npgsql;

namespace Claw.Tests.Cluster.History;

/// <summary>
/// Reads the tasks table while the run goes on, twice a second: every leased task of the run whose lease deadline
/// passed longer ago than <see cref="KillRunSettings.OverdueBudget"/> is a violation, whenever it happens, and the
/// largest lateness seen is kept. The table is what survives every silo, so it is the judge.
/// </summary>
public sealed class OverdueSampler(string connectionString, string queue, TimeSpan budget)
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan StuckAfter = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, string> _violations = new(StringComparer.Ordinal);
    private long _maxOverdueMs;

    public int Samples { get; private set; }

    /// <summary>Leased tasks that the last sample found past the budget by a minute more: a run that has only those left will not heal.</summary>
    public int Stuck { get; private set; }

    public TimeSpan MaxOverdue => TimeSpan.FromMilliseconds(Interlocked.Read(ref _maxOverdueMs));

    /// <summary>Each leased task (by task and deadline) that was seen past the budget, with what the row said then.</summary>
    public IReadOnlyDictionary<string, string> Violations => _violations;

    public async Task RunAsync(CancellationToken stop)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await SampleAsync(source, stop);
                await Task.Delay(Period, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Tasks of the run not yet ended, and those of them that hold a lease.</summary>
    public async Task<(int Open, int Leased)> CountOpenAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FILTER (WHERE status NOT IN ('completed', 'failed', 'cancelled')), " +
            "count(*) FILTER (WHERE status IN ('assigned', 'in_progress')) FROM claw_tasks WHERE queue = @queue", connection);
        command.Parameters.AddWithValue("queue", queue);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            var counts = ((int)reader.GetInt64(0), (int)reader.GetInt64(1));
            await reader.CloseAsync();
            MaxLeasedPerKey = Math.Max(MaxLeasedPerKey, await LeasedPerKeyAsync(connection));
            return counts;
        }
    }

    /// <summary>The most tasks of one concurrency key seen holding a lease at once.</summary>
    public int MaxLeasedPerKey { get; private set; }

    private async Task<int> LeasedPerKeyAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM claw_tasks WHERE queue = @queue AND concurrency_key IS NOT NULL " +
            "AND status IN ('assigned', 'in_progress') GROUP BY concurrency_key) k", connection);
        command.Parameters.AddWithValue("queue", queue);
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }

    private async Task SampleAsync(NpgsqlDataSource source, CancellationToken stop)
    {
        await using var command = source.CreateCommand(
            "SELECT id, status, lease_id, lease_expires_at, t.doc->>'lease_ended_as' " +
            "FROM claw_tasks t WHERE queue = @queue AND status IN ('assigned', 'in_progress') AND (lease_expires_at IS NULL OR lease_expires_at < @now)");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        command.Parameters.AddWithValue("queue", queue);
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(stop);
        var stuck = 0;
        while (await reader.ReadAsync(stop))
        {
            var id = reader.GetString(0);
            // A leased row without a deadline can never be swept: as bad as one far past it.
            var overdue = reader.IsDBNull(3) ? long.MaxValue / 2 : now - reader.GetInt64(3);
            InterlockedMax(ref _maxOverdueMs, overdue);
            stuck += overdue > (budget + StuckAfter).TotalMilliseconds ? 1 : 0;
            if (overdue > budget.TotalMilliseconds)
            {
                var lease = reader.IsDBNull(2) ? "none" : reader.GetString(2);
                var leaseStatus = reader.IsDBNull(4) ? "none" : reader.GetString(4);
                _violations.TryAdd(
                    $"{id}@{(reader.IsDBNull(3) ? "none" : reader.GetInt64(3))}",
                    $"task {id} {reader.GetString(1)} on lease {lease} (last lease ended as: {leaseStatus}) {overdue / 1000.0:F1} s past its deadline at {DateTimeOffset.FromUnixTimeMilliseconds(now):HH:mm:ss.fff}");
            }
        }

        Stuck = stuck;
        Samples++;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        for (var seen = Interlocked.Read(ref target); value > seen; seen = Interlocked.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }
}

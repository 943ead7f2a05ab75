using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Claw.Abstractions.Monitoring;
using Claw.Grains.Events;
using Claw.Grains.Nodes;
using Claw.Grains.Storage;
using Claw.Grains.Swarms;
using Claw.Grains.Tasks;

namespace Claw.Grains.Monitoring;

/// <summary>The aggregate reads behind the swarm-wide health and the monitoring status; each is a few indexed queries.</summary>
public sealed class MonitoringQueries(ClawDatabase database)
{
    /// <summary>Queues listed in the health, the most waiting first.</summary>
    public const int MaxQueues = 100;

    /// <summary>The newest lease issues whose dispatch wait makes the p99.</summary>
    private const int DispatchSamples = 5000;

    public async Task<TableFigures> TablesAsync(DateTimeOffset now)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var nodes = await CountByAsync(connection, $"SELECT status, COUNT(*) FROM {NodeTable.Name} GROUP BY status");
        var swarms = await CountByAsync(connection, $"SELECT status, COUNT(*) FROM {SwarmTable.Name} GROUP BY status");
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT queue, status, COUNT(*),
                   SUM(CASE WHEN available_at <= @now THEN 1 ELSE 0 END),
                   MIN(CASE WHEN available_at <= @now THEN available_at END),
                   SUM(CASE WHEN lease_expires_at < @now THEN 1 ELSE 0 END)
            FROM {TaskTable.Name} WHERE status IN ('pending', 'assigned', 'in_progress') GROUP BY queue, status
            """;
        command.AddParameter("@now", now.ToUnixTimeMilliseconds());
        var queues = new Dictionary<string, (int Pending, int Due, int Leased, long? OldestDue)>(StringComparer.Ordinal);
        var (active, overdue) = (0, 0);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var (queue, count) = (reader.GetString(0), Int(reader, 2));
                var q = queues.GetValueOrDefault(queue);
                if (reader.GetString(1) == "pending")
                {
                    q = (count, Int(reader, 3), q.Leased, reader.IsDBNull(4) ? null : Convert.ToInt64(reader.GetValue(4), CultureInfo.InvariantCulture));
                }
                else
                {
                    q.Leased += count;
                    active += count;
                    overdue += Int(reader, 5);
                }

                queues[queue] = q;
            }
        }

        var list = queues
            .Select(q => new QueueHealth(q.Key, q.Value.Pending, q.Value.Due, q.Value.Leased,
                q.Value.OldestDue is { } oldest ? Math.Max(0, (now.ToUnixTimeMilliseconds() - oldest) / 1000.0) : 0))
            .OrderByDescending(q => q.Pending).ThenBy(q => q.Queue, StringComparer.Ordinal).Take(MaxQueues).ToList();
        var (tripped, nodesTripped) = await TrippedBreakersAsync(connection);
        return new TableFigures(nodes, swarms, list, active, overdue, tripped, nodesTripped);
    }

    /// <summary>Node breakers not closed (open or half-open), and the nodes that have one.</summary>
    private static async Task<(int Breakers, int Nodes)> TrippedBreakersAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COALESCE(SUM(breakers_tripped), 0), COUNT(*) FROM {NodeTable.Name} WHERE breakers_tripped > 0";
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (Int(reader, 0), Int(reader, 1)) : (0, 0);
    }

    public async Task<WindowFigures> WindowAsync(DateTimeOffset since)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var first = connection.CreateCommand();
        first.CommandText = $"SELECT MIN(seq) FROM {EventTable.Name} WHERE at >= @since";
        first.AddParameter("@since", since.ToUnixTimeMilliseconds());
        var oldest = await first.ExecuteScalarAsync();
        if (oldest is null or DBNull)
        {
            return WindowFigures.Empty;
        }

        var from = Convert.ToInt64(oldest, CultureInfo.InvariantCulture);
        await using var counts = connection.CreateCommand();
        counts.CommandText = $"SELECT type, COUNT(*) FROM {EventTable.Name} WHERE seq >= @from AND type IN ('node.crashed', 'task.assigned', 'task.lease_revoked', 'task.lease_expired') GROUP BY type";
        counts.AddParameter("@from", from);
        var byType = await CountByAsync(counts);
        await using var waits = connection.CreateCommand();
        waits.CommandText = $"SELECT {database.Dialect.JsonText("data")} FROM {EventTable.Name} WHERE seq >= @from AND type = 'task.assigned' ORDER BY seq DESC LIMIT {DispatchSamples}";
        waits.AddParameter("@from", from);
        var samples = new List<long>();
        await using (var reader = await waits.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                if (!reader.IsDBNull(0) && DispatchMs(reader.GetString(0)) is { } ms)
                {
                    samples.Add(ms);
                }
            }
        }

        return new WindowFigures(
            byType.GetValueOrDefault("node.crashed"), byType.GetValueOrDefault("task.assigned"), byType.GetValueOrDefault("task.lease_revoked"),
            byType.GetValueOrDefault("task.lease_expired"), WindowFigures.P99(samples));
    }

    /// <summary>Swarms not stopped or failed, oldest first, at most <paramref name="limit"/>.</summary>
    public async Task<List<string>> ActiveSwarmsAsync(int limit)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id FROM {SwarmTable.Name} WHERE status IN ('provisioning', 'running', 'paused') ORDER BY created_at, id LIMIT {limit}";
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static long? DispatchMs(string data)
    {
        using var document = JsonDocument.Parse(data);
        return document.RootElement.TryGetProperty("dispatch_ms", out var ms) && ms.TryGetInt64(out var value) ? value : null;
    }

    private static async Task<Dictionary<string, int>> CountByAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await CountByAsync(command);
    }

    private static async Task<Dictionary<string, int>> CountByAsync(DbCommand command)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = Int(reader, 1);
        }

        return counts;
    }

    private static int Int(DbDataReader reader, int column) => reader.IsDBNull(column) ? 0 : (int)Convert.ToInt64(reader.GetValue(column), CultureInfo.InvariantCulture);
}

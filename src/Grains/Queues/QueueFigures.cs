using System.Data.Common;
using System.Globalization;
using Claw.Abstractions.Queues;
using Claw.Abstractions.Tasks;
using Claw.Grains.Storage;
using Claw.Grains.Tasks;

namespace Claw.Grains.Queues;

/// <summary>What a queue's owner reads from the tables: its pending rows by priority, the oldest, what runs, which admitted tasks are written.</summary>
internal static class QueueFigures
{
    /// <summary>Pending tasks by priority and the oldest one's creation (the index on queue, status, priority serves it).</summary>
    public static async Task<(QueueDepth Depth, DateTimeOffset? Oldest)> PendingAsync(ClawDatabase database, string queue)
    {
        var byPriority = new int[4];
        long? oldest = null;
        await ReadAsync(database, $"SELECT priority, COUNT(*), MIN(created_at) FROM {TaskTable.Name} WHERE queue = @queue AND status = 'pending' GROUP BY priority",
            command => command.AddParameter("@queue", queue),
            reader =>
            {
                var priority = Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture);
                if (priority is >= 0 and < 4)
                {
                    byPriority[priority] = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
                }

                var created = Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture);
                oldest = oldest is { } o && o < created ? o : created;
            });
        var depth = new QueueDepth(byPriority[(int)TaskPriority.Low], byPriority[(int)TaskPriority.Normal], byPriority[(int)TaskPriority.High], byPriority[(int)TaskPriority.Critical]);
        return (depth, oldest is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null);
    }

    /// <summary>Tasks of the queue that hold a lease now.</summary>
    public static async Task<int> InFlightAsync(ClawDatabase database, string queue)
    {
        var count = 0;
        await ReadAsync(database, $"SELECT COUNT(*) FROM {TaskTable.Name} WHERE queue = @queue AND status IN ('assigned', 'in_progress')",
            command => command.AddParameter("@queue", queue),
            reader => count = Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture));
        return count;
    }

    /// <summary>Those of <paramref name="ids"/> that have a row (in any status).</summary>
    public static async Task<HashSet<string>> WrittenAsync(ClawDatabase database, IReadOnlyCollection<string> ids)
    {
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(200))
        {
            var names = chunk.Select((_, i) => "@id" + i.ToString(CultureInfo.InvariantCulture)).ToList();
            await ReadAsync(database, $"SELECT id FROM {TaskTable.Name} WHERE id IN ({string.Join(", ", names)})",
                command =>
                {
                    for (var i = 0; i < chunk.Length; i++)
                    {
                        command.AddParameter(names[i], chunk[i]);
                    }
                },
                reader => written.Add(reader.GetString(0)));
        }

        return written;
    }

    /// <summary>The queues <c>GET /queues</c> lists: the configured ones and those with tasks waiting or running.</summary>
    public static async Task<SortedSet<string>> NamesAsync(ClawDatabase database)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        await ReadAsync(database, $"SELECT id FROM {QueueTable.Name}", _ => { }, reader => names.Add(reader.GetString(0)));
        await ReadAsync(database, $"SELECT DISTINCT queue FROM {TaskTable.Name} WHERE status IN ('pending', 'assigned', 'in_progress')", _ => { }, reader => names.Add(reader.GetString(0)));
        return names;
    }

    private static async Task ReadAsync(ClawDatabase database, string sql, Action<DbCommand> bind, Action<DbDataReader> read)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            read(reader);
        }
    }
}

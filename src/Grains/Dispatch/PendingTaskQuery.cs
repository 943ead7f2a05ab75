using Claw.Grains.Storage;
using Claw.Grains.Tasks;

namespace Claw.Grains.Dispatch;

/// <summary>The two queries of a queue partition: rebuilding its index, and finding leases past their deadline.</summary>
internal static class PendingTaskQuery
{
    /// <summary>Every pending auto-dispatch task of the queue, with its document (for the index rebuild).</summary>
    public static async Task<List<(string Id, TaskState State)>> PendingAsync(ClawDatabase database, string queue)
    {
        var rows = new List<(string, TaskState)>();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, {database.Dialect.JsonText("doc")} FROM {TaskTable.Name} WHERE queue = @queue AND status = 'pending' AND dispatch = 'auto'";
        command.AddParameter("@queue", queue);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), StateJson.Deserialize<TaskState>(reader.GetString(1))));
        }

        return rows;
    }

    /// <summary>Ids of the queue's leased tasks whose lease deadline has passed.</summary>
    public static async Task<List<string>> OverdueLeasesAsync(ClawDatabase database, string queue, DateTimeOffset now, int limit)
    {
        var ids = new List<string>();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id FROM {TaskTable.Name} WHERE queue = @queue AND lease_expires_at < @now LIMIT {limit}";
        command.AddParameter("@queue", queue);
        command.AddParameter("@now", now.ToUnixTimeMilliseconds());
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

}

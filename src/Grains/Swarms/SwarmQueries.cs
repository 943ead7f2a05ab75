using System.Data.Common;
using Claw.Grains.Nodes;
using Claw.Grains.Slots;
using Claw.Grains.Storage;
using Claw.Grains.Tasks;

namespace Claw.Grains.Swarms;

/// <summary>What a swarm reads from the tables: its members (nodes name it), and its tasks by status.</summary>
internal static class SwarmQueries
{
    public static Task<List<(string Id, string Status)>> MembersAsync(ClawDatabase database, string swarmId) =>
        ReadAsync(database, $"SELECT id, status FROM {NodeTable.Name} WHERE swarm_id = @swarm ORDER BY created_at, id",
            swarmId, r => (r.GetString(0), r.GetString(1)));

    /// <summary>The tasks-table column and value that select the swarm's tasks (its <see cref="SlotLane"/> reads them too).</summary>
    public static (string Column, string Value) TasksOf(string swarmId) => ("swarm_id", swarmId);

    /// <summary>The swarm's tasks that have not started (pending or waiting for approval), oldest first: what a stop cancels.</summary>
    public static Task<List<string>> OpenIdsAsync(ClawDatabase database, string swarmId) =>
        SlotLaneQueries.IdsAsync(database, TasksOf(swarmId), "'pending', 'waiting_input'");

    /// <summary>Counts by status of the swarm's open tasks, and of those that ended since <paramref name="since"/>.</summary>
    public static async Task<Dictionary<string, int>> CountsAsync(ClawDatabase database, string swarmId, DateTimeOffset since)
    {
        var rows = await ReadAsync(
            database,
            $"SELECT status, COUNT(*) FROM {TaskTable.Name} WHERE swarm_id = @swarm AND (status IN ('pending', 'assigned', 'in_progress') " +
            $"OR (status IN ('completed', 'failed') AND updated_at >= {since.ToUnixTimeMilliseconds()})) GROUP BY status",
            swarmId,
            r => (Status: r.GetString(0), Count: Convert.ToInt32(r.GetValue(1), System.Globalization.CultureInfo.InvariantCulture)));
        return rows.ToDictionary(r => r.Status, r => r.Count, StringComparer.Ordinal);
    }

    public static Task<List<string>> RecentFailuresAsync(ClawDatabase database, string swarmId, DateTimeOffset since, int limit) =>
        ReadAsync(database, $"SELECT id FROM {TaskTable.Name} WHERE swarm_id = @swarm AND status = 'failed' AND updated_at >= {since.ToUnixTimeMilliseconds()} " +
                            $"ORDER BY updated_at DESC LIMIT {limit}", swarmId, r => r.GetString(0));

    private static async Task<List<T>> ReadAsync<T>(ClawDatabase database, string sql, string swarmId, Func<DbDataReader, T> read)
    {
        var rows = new List<T>();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.AddParameter("@swarm", swarmId);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}

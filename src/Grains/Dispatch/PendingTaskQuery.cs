using System.Data.Common;
using Claw.Grains.Storage;
using Claw.Grains.Tasks;

namespace Claw.Grains.Dispatch;

/// <summary>
/// The queries of a queue partition: rebuilding its index, finding pending rows its memory may have missed, and
/// finding leases past their deadline. The tasks table is the truth; the index is a cache of its pending rows.
/// </summary>
internal static class PendingTaskQuery
{
    private const string Pending = "status = 'pending' AND dispatch = 'auto'";

    /// <summary>Every pending auto-dispatch task of the queue, with its document (for the index rebuild).</summary>
    public static Task<List<(string Id, TaskState State)>> PendingAsync(ClawDatabase database, string queue) =>
        ReadDocumentsAsync(database, $"queue = @queue AND {Pending}", command => command.AddParameter("@queue", queue));

    /// <summary>Ids of the queue's pending tasks last written in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static Task<List<string>> PendingWrittenBetweenAsync(ClawDatabase database, string queue, DateTimeOffset from, DateTimeOffset to) =>
        ReadIdsAsync(database, $"queue = @queue AND {Pending} AND updated_at >= @from AND updated_at < @to", command => command
            .AddParameter("@queue", queue)
            .AddParameter("@from", from.ToUnixTimeMilliseconds())
            .AddParameter("@to", to.ToUnixTimeMilliseconds()));

    /// <summary>Those of <paramref name="ids"/> that are still pending.</summary>
    public static async Task<List<(string Id, TaskState State)>> PendingAmongAsync(ClawDatabase database, IReadOnlyList<string> ids)
    {
        var rows = new List<(string, TaskState)>();
        foreach (var chunk in ids.Chunk(200))
        {
            var names = chunk.Select((_, i) => "@id" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            rows.AddRange(await ReadDocumentsAsync(database, $"id IN ({string.Join(", ", names)}) AND {Pending}", command =>
            {
                for (var i = 0; i < chunk.Length; i++)
                {
                    command.AddParameter(names[i], chunk[i]);
                }
            }));
        }

        return rows;
    }

    /// <summary>The queue's leased tasks whose lease deadline has passed, with the version of the row read.</summary>
    public static Task<List<(string Id, long Version)>> OverdueLeasesAsync(ClawDatabase database, string queue, DateTimeOffset now, int limit) =>
        ReadVersionsAsync(database, $"queue = @queue AND lease_expires_at < @now LIMIT {limit}", command => command
            .AddParameter("@queue", queue)
            .AddParameter("@now", now.ToUnixTimeMilliseconds()));

    /// <summary>The queue's pending tasks whose <c>expires_at</c> has passed (the sweep has them expire), with the version of the row read.</summary>
    public static Task<List<(string Id, long Version)>> PastExpiryAsync(ClawDatabase database, string queue, DateTimeOffset now, int limit) =>
        ReadVersionsAsync(database, $"queue = @queue AND status = 'pending' AND expires_at IS NOT NULL AND expires_at <= @now LIMIT {limit}", command => command
            .AddParameter("@queue", queue)
            .AddParameter("@now", now.ToUnixTimeMilliseconds()));

    private static async Task<List<string>> ReadIdsAsync(ClawDatabase database, string where, Action<DbCommand> bind) =>
        (await ReadVersionsAsync(database, where, bind)).ConvertAll(row => row.Id);

    private static async Task<List<(string Id, long Version)>> ReadVersionsAsync(ClawDatabase database, string where, Action<DbCommand> bind)
    {
        var rows = new List<(string, long)>();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, version FROM {TaskTable.Name} WHERE {where}";
        bind(command);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return rows;
    }

    private static async Task<List<(string Id, TaskState State)>> ReadDocumentsAsync(ClawDatabase database, string where, Action<DbCommand> bind)
    {
        var rows = new List<(string, TaskState)>();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, {database.Dialect.JsonText("doc")} FROM {TaskTable.Name} WHERE {where}";
        bind(command);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), StateJson.Deserialize<TaskState>(reader.GetString(1))));
        }

        return rows;
    }
}

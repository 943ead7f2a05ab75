using Claw.Grains.Storage;
using Claw.Grains.Tasks;

namespace Claw.Grains.Dispatch;

/// <summary>What a concurrency lane reads from the tasks table: its leased tasks (the slots really taken) and its pending ones.</summary>
internal static class ConcurrencyQueries
{
    public const string Leased = "'assigned', 'in_progress'";
    public const string Pending = "'pending'";

    /// <summary>Most task ids one heal or re-drive reads.</summary>
    private const int Limit = 10_000;

    public static async Task<List<string>> IdsAsync(ClawDatabase database, string lane, string statuses)
    {
        var (column, value) = ConcurrencyLanes.Selector(lane);
        var ids = new List<string>();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id FROM {TaskTable.Name} WHERE {column} = @lane AND status IN ({statuses}) ORDER BY created_at, id LIMIT {Limit}";
        command.AddParameter("@lane", value);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}

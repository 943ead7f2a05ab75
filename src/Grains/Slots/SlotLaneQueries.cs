using Claw.Grains.Storage;
using Claw.Grains.Tasks;

namespace Claw.Grains.Slots;

/// <summary>
/// What a <see cref="SlotLane"/> reads from the tasks table, oldest first: its leased tasks (the slots really taken) and
/// its pending ones (a swarm's stop reads its open ones the same way). A lane's tasks are those whose <c>Column</c> holds
/// <c>Value</c> (a swarm id, a concurrency key, a queue).
/// </summary>
internal static class SlotLaneQueries
{
    public const string Leased = "'assigned', 'in_progress'";
    public const string Pending = "'pending'";

    /// <summary>Most task ids one heal or re-drive reads.</summary>
    private const int Limit = 10_000;

    public static async Task<List<string>> IdsAsync(ClawDatabase database, (string Column, string Value) tasks, string statuses)
    {
        var ids = new List<string>();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id FROM {TaskTable.Name} WHERE {tasks.Column} = @lane AND status IN ({statuses}) ORDER BY created_at, id LIMIT {Limit}";
        command.AddParameter("@lane", tasks.Value);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}

using Claw.Grains.Storage;
using Claw.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Claw.Tests.Hardening;

/// <summary>
/// Writes task rows straight into the table, as they could have been stored before the door checked documents: a
/// copy of a real pending task's row under a new id, in another queue, with its payload replaced by any text.
/// </summary>
public static class PoisonedRows
{
    public static async Task<string> InsertPendingCopyAsync(ClawTestHost host, string sourceTaskId, string queue, string payloadText)
    {
        var database = host.Services.GetRequiredService<ClawDatabase>();
        Assert.False(database.Dialect.IsPostgres, "written for the embedded SQLite store of the test host");
        var id = ClawApi.NewId("task");
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO claw_tasks (id, version, doc, queue, status, priority, available_at, node_id, lease_id, lease_expires_at, workflow_id, swarm_id, dispatch, created_at, updated_at)
            SELECT @id, 1, json_set(doc, '$.queue', @queue, '$.payload_json', @payload), @queue, status, priority, available_at, node_id, lease_id,
                   lease_expires_at, workflow_id, swarm_id, dispatch, created_at, updated_at
            FROM claw_tasks WHERE id = @source AND status = 'pending'
            """;
        command.AddParameter("@id", id);
        command.AddParameter("@queue", queue);
        command.AddParameter("@payload", payloadText);
        command.AddParameter("@source", sourceTaskId);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
        return id;
    }
}

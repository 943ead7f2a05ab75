using Claw.Grains.Storage;
using Claw.Grains.Tasks;

namespace Claw.Grains.Nodes;

/// <summary>Rebuilds a node's in-memory lease set from the tasks table (after a restart or a silo's death).</summary>
internal static class NodeLeaseQuery
{
    public static async Task<HashSet<string>> ActiveLeasesAsync(ClawDatabase database, string nodeId)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT lease_id FROM {TaskTable.Name} WHERE node_id = @node AND status IN ('assigned', 'in_progress') AND lease_id IS NOT NULL";
        command.AddParameter("@node", nodeId);
        var leases = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            leases.Add(reader.GetString(0));
        }

        return leases;
    }
}

using System.Collections.Immutable;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Queries;
using Claw.Abstractions.Schedules;
using Claw.Abstractions.Swarms;
using Claw.Abstractions.Tasks;
using Claw.Abstractions.Workflows;
using Claw.Grains.Dispatch;
using Claw.Grains.Nodes;
using Claw.Grains.Schedules;
using Claw.Grains.Storage;
using Claw.Grains.Swarms;
using Claw.Grains.Tasks;
using Claw.Grains.Workflows;
using Orleans.Concurrency;

namespace Claw.Grains.Queries;

/// <summary>List queries answered from the tables with keyset paging; one activation per silo and more under load.</summary>
[StatelessWorker]
public sealed class CatalogGrain(ClawDatabase database, TimeProvider time) : Grain, ICatalogGrain
{
    public async Task<Page<NodeView>> ListNodesAsync(NodeQuery query)
    {
        var dialect = database.Dialect;
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        var sql = CatalogFilters.Nodes(new SqlQuery(command), query, dialect).After("created_at", Cursor.Decode(query.Cursor));
        command.CommandText = $"SELECT id, created_at, {dialect.JsonText("doc")} FROM {NodeTable.Name}{sql.Where} ORDER BY created_at, id" + PageReader.Limit(query.Limit, query.Skip, query.Cursor);
        return await PageReader.ReadAsync(command, query.Limit, (NodeState node, string id) => node.ToView(id));
    }

    public async Task<long> CountNodesAsync(NodeQuery query)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        var sql = CatalogFilters.Nodes(new SqlQuery(command), query, database.Dialect);
        command.CommandText = $"SELECT COUNT(*) FROM {NodeTable.Name}{sql.Where}";
        return await PageReader.CountAsync(command);
    }

    public async Task<ImmutableArray<string>> ListQueuesAsync() => [.. await Queues.QueueFigures.NamesAsync(database)];

    public async Task<ImmutableArray<NodeView>> ListAvailableNodesAsync(AvailableNodeQuery query)
    {
        var found = ImmutableArray.CreateBuilder<NodeView>();
        var requirements = query.Requirements;
        Cursor? after = null;
        while (found.Count < query.Limit)
        {
            Page<(NodeState State, string Id)> page;
            await using (var connection = await database.DataSource.OpenConnectionAsync())
            await using (var command = connection.CreateCommand())
            {
                var sql = new SqlQuery(command).And("status = {0}", NodeStatus.Online.Wire());
                if (requirements.Capabilities.FirstOrDefault() is { } capability)
                {
                    sql.And(database.Dialect.JsonArrayContains("capabilities", "{0}"), capability); // narrows in SQL; the matcher decides
                }

                sql.After("created_at", after);
                command.CommandText = $"SELECT id, created_at, {database.Dialect.JsonText("doc")} FROM {NodeTable.Name}{sql.Where} ORDER BY created_at, id LIMIT {AvailablePageSize + 1}";
                page = await PageReader.ReadAsync(command, AvailablePageSize, (NodeState node, string id) => (node, id));
            }

            var candidates = page.Items.Where(n => !n.State.ManualBusy && RequirementMatcher.Matches(requirements, null, n.State.ToProfile(n.Id, time.GetUtcNow()))).ToList();
            var leased = await ByKeyAsync(
                candidates.Select(n => n.Id).ToList(),
                $"SELECT node_id, id FROM {TaskTable.Name} WHERE node_id IN ({{0}}) AND status IN ('assigned', 'in_progress')");
            found.AddRange(candidates
                .Select(n => n.State.ToView(n.Id, activeLeases: leased[n.Id].Count()))
                .Where(n => n.ActiveLeases < n.MaxConcurrentTasks)
                .Take(query.Limit - found.Count));
            if (page.NextCursor is null)
            {
                break;
            }

            after = Cursor.Decode(page.NextCursor);
        }

        return found.ToImmutable();
    }

    public async Task<Page<TaskView>> ListTasksAsync(TaskQuery query)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();

        // Pending order: priority first (critical = 3 sorts first), then FIFO; one number so the cursor stays a pair.
        var sortKey = query.PendingOrder ? $"((3 - priority) * {PriorityStride} + created_at)" : "created_at";
        var sql = CatalogFilters.Tasks(new SqlQuery(command), query).After(sortKey, Cursor.Decode(query.Cursor));
        command.CommandText = $"SELECT id, {sortKey}, {database.Dialect.JsonText("doc")} FROM {TaskTable.Name}{sql.Where} ORDER BY {sortKey}, id" + PageReader.Limit(query.Limit, query.Skip, query.Cursor);
        return await PageReader.ReadAsync(command, query.Limit, (TaskState task, string id) => task.ToView(id));
    }

    public async Task<long> CountTasksAsync(TaskQuery query)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        var sql = CatalogFilters.Tasks(new SqlQuery(command), query);
        command.CommandText = $"SELECT COUNT(*) FROM {TaskTable.Name}{sql.Where}";
        return await PageReader.CountAsync(command);
    }

    public async Task<Page<WorkflowView>> ListWorkflowsAsync(StatusPageQuery query)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        ByStatus(command, WorkflowTable.Name, query);
        return await PageReader.ReadAsync(command, query.Limit, (WorkflowState workflow, string id) => workflow.ToView(id));
    }

    public async Task<Page<SwarmView>> ListSwarmsAsync(StatusPageQuery query)
    {
        Page<(SwarmState State, string Id)> page;
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        await using (var command = connection.CreateCommand())
        {
            ByStatus(command, SwarmTable.Name, query);
            page = await PageReader.ReadAsync(command, query.Limit, (SwarmState swarm, string id) => (swarm, id));
        }

        var ids = page.Items.Select(i => i.Id).ToList();
        var members = await SwarmMembersAsync(ids);
        var leases = await SwarmLeasesAsync(ids);
        return new Page<SwarmView>(
            page.Items.Select(i => i.State.ToView(i.Id, members[i.Id].ToImmutableArray(), leases[i.Id].Count())).ToImmutableArray(),
            page.NextCursor);
    }

    public async Task<Page<ScheduleView>> ListSchedulesAsync(ScheduleQuery query)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        var sql = new SqlQuery(command);
        if (query.Status is { } status)
        {
            sql.And("status = {0}", status.Wire());
        }

        sql.After("created_at", Cursor.Decode(query.Cursor));
        command.CommandText = $"SELECT id, created_at, {database.Dialect.JsonText("doc")} FROM {ScheduleTable.Name}{sql.Where} ORDER BY created_at, id" + PageReader.Limit(query.Limit, 0, query.Cursor);
        return await PageReader.ReadAsync(command, query.Limit, (ScheduleState schedule, string id) => schedule.ToView(id));
    }

    private void ByStatus(System.Data.Common.DbCommand command, string table, StatusPageQuery query)
    {
        var sql = new SqlQuery(command);
        if (query.Status is { } status)
        {
            sql.And("status = {0}", status);
        }

        sql.After("created_at", Cursor.Decode(query.Cursor));
        command.CommandText = $"SELECT id, created_at, {database.Dialect.JsonText("doc")} FROM {table}{sql.Where} ORDER BY created_at, id" + PageReader.Limit(query.Limit, query.Skip, query.Cursor);
    }

    /// <summary>The member node ids of each swarm, in one query for a page of swarms.</summary>
    private Task<ILookup<string, string>> SwarmMembersAsync(List<string> swarmIds) =>
        ByKeyAsync(swarmIds, $"SELECT swarm_id, id FROM {NodeTable.Name} WHERE swarm_id IN ({{0}}) ORDER BY created_at, id");

    /// <summary>The leased task ids of each swarm, in one query for a page of swarms.</summary>
    private Task<ILookup<string, string>> SwarmLeasesAsync(List<string> swarmIds) =>
        ByKeyAsync(swarmIds, $"SELECT swarm_id, id FROM {TaskTable.Name} WHERE swarm_id IN ({{0}}) AND status IN ('assigned', 'in_progress')");

    /// <summary>Pairs (key, id) for a list of keys, in one query whose <c>{0}</c> is the key list.</summary>
    private async Task<ILookup<string, string>> ByKeyAsync(List<string> keys, string sql)
    {
        var rows = new List<(string Key, string Id)>();
        if (keys.Count > 0)
        {
            await using var connection = await database.DataSource.OpenConnectionAsync();
            await using var command = connection.CreateCommand();
            var names = keys.Select((id, i) =>
            {
                var name = "@s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                command.AddParameter(name, id);
                return name;
            }).ToList();
            command.CommandText = string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, string.Join(", ", names));
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        return rows.ToLookup(r => r.Key, r => r.Id, StringComparer.Ordinal);
    }

    /// <summary>Online nodes read per round of <see cref="ListAvailableNodesAsync"/>.</summary>
    private const int AvailablePageSize = 500;

    /// <summary>Larger than any Unix-millisecond time this century, so priority bands never overlap.</summary>
    private const long PriorityStride = 100_000_000_000_000;
}

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
public sealed class CatalogGrain(ClawDatabase database) : Grain, ICatalogGrain
{
    public async Task<Page<NodeView>> ListNodesAsync(NodeQuery query)
    {
        var dialect = database.Dialect;
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        var sql = new SqlQuery(command);
        if (query.Status is { } status)
        {
            sql.And("status = {0}", status.Wire());
        }

        if (query.Capability is { } capability)
        {
            sql.And(dialect.JsonArrayContains("capabilities", "{0}"), capability);
        }

        if (query.SwarmId is { } swarmId)
        {
            sql.And("swarm_id = {0}", swarmId);
        }

        sql.After("created_at", Cursor.Decode(query.Cursor));
        command.CommandText = $"SELECT id, created_at, {dialect.JsonText("doc")} FROM {NodeTable.Name}{sql.Where} ORDER BY created_at, id LIMIT {query.Limit + 1}";
        return await ReadPageAsync(command, query.Limit, (NodeState node, string id) => node.ToView(id));
    }

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
                page = await ReadPageAsync(command, AvailablePageSize, (NodeState node, string id) => (node, id));
            }

            var candidates = page.Items.Where(n => !n.State.ManualBusy && RequirementMatcher.Matches(requirements, null, n.State.ToProfile(n.Id))).ToList();
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
        var sql = new SqlQuery(command);
        if (query.Status is { } status)
        {
            sql.And("status = {0}", status.Wire());
        }

        if (query.Queue is { } queue)
        {
            sql.And("queue = {0}", queue);
        }

        if (query.NodeId is { } nodeId)
        {
            sql.And("node_id = {0}", nodeId);
        }

        if (query.WorkflowId is { } workflowId)
        {
            sql.And("workflow_id = {0}", workflowId);
        }

        if (query.SwarmId is { } swarmId)
        {
            sql.And("swarm_id = {0}", swarmId);
        }

        if (query.Priority is { } priority)
        {
            sql.And("priority = {0}", (int)priority);
        }

        // Pending order: priority first (critical = 3 sorts first), then FIFO; one number so the cursor stays a pair.
        var sortKey = query.PendingOrder ? $"((3 - priority) * {PriorityStride} + created_at)" : "created_at";
        sql.After(sortKey, Cursor.Decode(query.Cursor));
        command.CommandText = $"SELECT id, {sortKey}, {database.Dialect.JsonText("doc")} FROM {TaskTable.Name}{sql.Where} ORDER BY {sortKey}, id LIMIT {query.Limit + 1}";
        return await ReadPageAsync(command, query.Limit, (TaskState task, string id) => task.ToView(id));
    }

    public async Task<Page<WorkflowView>> ListWorkflowsAsync(StatusPageQuery query)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        ByStatus(command, WorkflowTable.Name, query);
        return await ReadPageAsync(command, query.Limit, (WorkflowState workflow, string id) => workflow.ToView(id));
    }

    public async Task<Page<SwarmView>> ListSwarmsAsync(StatusPageQuery query)
    {
        Page<(SwarmState State, string Id)> page;
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        await using (var command = connection.CreateCommand())
        {
            ByStatus(command, SwarmTable.Name, query);
            page = await ReadPageAsync(command, query.Limit, (SwarmState swarm, string id) => (swarm, id));
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
        command.CommandText = $"SELECT id, created_at, {database.Dialect.JsonText("doc")} FROM {ScheduleTable.Name}{sql.Where} ORDER BY created_at, id LIMIT {query.Limit + 1}";
        return await ReadPageAsync(command, query.Limit, (ScheduleState schedule, string id) => schedule.ToView(id));
    }

    private void ByStatus(System.Data.Common.DbCommand command, string table, StatusPageQuery query)
    {
        var sql = new SqlQuery(command);
        if (query.Status is { } status)
        {
            sql.And("status = {0}", status);
        }

        sql.After("created_at", Cursor.Decode(query.Cursor));
        command.CommandText = $"SELECT id, created_at, {database.Dialect.JsonText("doc")} FROM {table}{sql.Where} ORDER BY created_at, id LIMIT {query.Limit + 1}";
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

    /// <summary>
    /// Reads rows of (id, sort key, document): one more than the page asks for tells whether a next page exists,
    /// and the last row returned becomes the cursor. A page also ends once its documents reach
    /// <see cref="PageTextBudget"/>, so a page of large payloads is shorter (with a cursor) rather than huge.
    /// </summary>
    private static async Task<Page<TView>> ReadPageAsync<TState, TView>(System.Data.Common.DbCommand command, int limit, Func<TState, string, TView> view)
    {
        var items = ImmutableArray.CreateBuilder<TView>();
        Cursor last = default;
        long text = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (items.Count == limit || text >= PageTextBudget)
            {
                return new Page<TView>(items.ToImmutable(), last.Encode());
            }

            last = new Cursor(reader.GetInt64(1), reader.GetString(0));
            var document = reader.GetString(2);
            text += document.Length;
            items.Add(view(StateJson.Deserialize<TState>(document), last.Id));
        }

        return new Page<TView>(items.ToImmutable(), null);
    }

    /// <summary>Characters of stored documents one page holds at most (about 8 MB in memory), whatever its limit.</summary>
    private const long PageTextBudget = 4 * 1024 * 1024;

    /// <summary>Online nodes read per round of <see cref="ListAvailableNodesAsync"/>.</summary>
    private const int AvailablePageSize = 500;

    /// <summary>Larger than any Unix-millisecond time this century, so priority bands never overlap.</summary>
    private const long PriorityStride = 100_000_000_000_000;
}

using System.Collections.Immutable;
using System.Data.Common;
using Claw.Abstractions.Events;
using Claw.Abstractions.Queries;
using Claw.Grains.Queries;
using Claw.Grains.Storage;
using Orleans.Concurrency;

namespace Claw.Grains.Events;

/// <summary>The cluster-wide timeline, read from <c>claw_events</c> by its indexes; one activation per silo and more under load.</summary>
[StatelessWorker]
public sealed class EventLogGrain(ClawDatabase database) : Grain, IEventLogGrain
{
    /// <summary>Seqs one advance reads at most; a stream far behind catches up over several.</summary>
    private const int AdvanceWindow = 1000;

    /// <summary>How far below the newest seq a new mark starts, so gaps near the head are still waited out.</summary>
    private const int PlacementWindow = 1024;

    private const string Columns = "seq, at, type, task_id, node_id, workflow_id, swarm_id, queue, attempt, correlation_id, detail, ";

    public async Task<Page<ClawEventView>> ListAsync(EventFilter filter, int limit, string? cursor)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        var sql = Where(command, filter);
        if (Cursor.Decode(cursor) is { } before)
        {
            sql.And("seq < {0}", before.SortKey);
        }

        command.CommandText = $"SELECT {Columns}{database.Dialect.JsonText("data")} FROM {EventTable.Name}{sql.Where} ORDER BY seq DESC LIMIT {limit + 1}";
        var rows = await ReadRowsAsync(command);
        return rows.Count > limit
            ? new Page<ClawEventView>([.. rows.Take(limit)], new Cursor(rows[limit - 1].Seq, "e").Encode())
            : new Page<ClawEventView>([.. rows], null);
    }

    public async Task<FeedMark> AdvanceAsync(FeedMark mark)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        if (!mark.IsPlaced)
        {
            await using var newest = connection.CreateCommand();
            newest.CommandText = $"SELECT COALESCE(MAX(seq), 0) FROM {EventTable.Name}";
            mark = new FeedMark(Math.Max(0, Convert.ToInt64(await newest.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) - PlacementWindow));
        }

        await using var command = connection.CreateCommand();
        var snapshot = database.Dialect.IsPostgres
            ? ", pg_snapshot_xmin(pg_current_snapshot())::text::bigint, pg_snapshot_xmax(pg_current_snapshot())::text::bigint"
            : "";
        command.CommandText = $"SELECT seq{snapshot} FROM {EventTable.Name} WHERE seq > @after ORDER BY seq LIMIT {AdvanceWindow}";
        command.AddParameter("@after", mark.Settled);
        var visible = new List<long>();
        TxSnapshot? seen = null;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                visible.Add(reader.GetInt64(0));
                seen ??= database.Dialect.IsPostgres ? new TxSnapshot(reader.GetInt64(1), reader.GetInt64(2)) : null;
            }
        }

        return FeedHighWater.Advance(mark, visible, seen);
    }

    public async Task<ImmutableArray<ClawEventView>> ReadAsync(EventFilter filter, long after, long upTo, int max)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        var sql = Where(command, filter).And("seq > {0}", after).And("seq <= {0}", upTo);
        command.CommandText = $"SELECT {Columns}{database.Dialect.JsonText("data")} FROM {EventTable.Name}{sql.Where} ORDER BY seq LIMIT {Math.Clamp(max, 1, 1000)}";
        return [.. await ReadRowsAsync(command)];
    }

    public async Task<long> StartAfterAsync(DateTimeOffset since)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COALESCE((SELECT MIN(seq) FROM {EventTable.Name} WHERE at >= @since), (SELECT COALESCE(MAX(seq), 0) + 1 FROM {EventTable.Name}))";
        command.AddParameter("@since", since.ToUnixTimeMilliseconds());
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) - 1;
    }

    private static SqlQuery Where(DbCommand command, EventFilter filter)
    {
        var sql = new SqlQuery(command);
        Optional(sql, "task_id", filter.TaskId);
        Optional(sql, "node_id", filter.NodeId);
        Optional(sql, "workflow_id", filter.WorkflowId);
        Optional(sql, "swarm_id", filter.SwarmId);
        var types = (filter.Types ?? []).Select(t => ("type = {0}", new object[] { t }))
            .Concat((filter.TypePrefixes ?? []).Select(p => ("(type >= {0} AND type < {1})", new object[] { p + ".", p + "/" }))) // '/' follows '.'
            .ToList();
        if (types.Count > 0)
        {
            sql.AndAny(types);
        }

        if (filter.Since is { } since)
        {
            sql.And("at >= {0}", since.ToUnixTimeMilliseconds());
        }

        if (filter.Until is { } until)
        {
            sql.And("at < {0}", until.ToUnixTimeMilliseconds());
        }

        return sql;
    }

    private static void Optional(SqlQuery sql, string column, string? value)
    {
        if (value is not null)
        {
            sql.And(column + " = {0}", value);
        }
    }

    private static async Task<List<ClawEventView>> ReadRowsAsync(DbCommand command)
    {
        var rows = new List<ClawEventView>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new ClawEventView(
                reader.GetInt64(0),
                reader.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                Text(reader, 3),
                Text(reader, 4),
                Text(reader, 5),
                Text(reader, 6),
                Text(reader, 7),
                reader.IsDBNull(8) ? null : (int)reader.GetInt64(8),
                Text(reader, 9),
                Text(reader, 10),
                Text(reader, 11)));
        }

        return rows;
    }

    private static string? Text(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
}

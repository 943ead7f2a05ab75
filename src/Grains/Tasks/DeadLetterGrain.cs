using Claw.Abstractions.Errors;
using Claw.Abstractions.Tasks;
using Claw.Grains.Queries;
using Claw.Grains.Storage;
using Orleans.Concurrency;

namespace Claw.Grains.Tasks;

/// <summary>
/// Bulk retry, a page at a time: the failed tasks matching the query (one indexed read of <c>claw_tasks</c>), each
/// sent back to pending by its own grain (which decides, as for a single retry), at most 16 at once. A task that
/// moved on meanwhile (retried already, deleted) is left as it is.
/// </summary>
[StatelessWorker]
public sealed partial class DeadLetterGrain(ClawDatabase database, ILogger<DeadLetterGrain> logger) : Grain, IDeadLetterGrain
{
    private const int Parallel = 16;

    public async Task<RetriedPage> RetryAsync(DeadLetterQuery query)
    {
        var limit = Math.Clamp(query.Limit, 1, IDeadLetterGrain.MaxPage);
        var (ids, next) = await FailedAsync(query, limit);
        var retried = 0;
        foreach (var chunk in ids.Chunk(Parallel))
        {
            var outcomes = await Task.WhenAll(chunk.Select(id => RetryOneAsync(id, query.Reason)));
            retried += outcomes.Count(ok => ok);
        }

        LogRetried(logger, retried, ids.Count, RequestContext.Get(CorrelationContext.Key) as string);
        return new RetriedPage(ids.Count, retried, next);
    }

    private async Task<bool> RetryOneAsync(string taskId, string? reason)
    {
        try
        {
            await GrainFactory.GetGrain<ITaskGrain>(taskId).RetryAsync(reason);
            return true;
        }
        catch (ClawException)
        {
            return false; // no longer failed, or gone
        }
    }

    private async Task<(List<string> Ids, string? Next)> FailedAsync(DeadLetterQuery query, int limit)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        var sql = new SqlQuery(command).And("status = {0}", ClawTaskStatus.Failed.Wire());
        if (query.Queue is { } queue)
        {
            sql.And("queue = {0}", queue);
        }

        if (query.SwarmId is { } swarm)
        {
            sql.And("swarm_id = {0}", swarm);
        }

        if (query.WorkflowId is { } workflow)
        {
            sql.And("workflow_id = {0}", workflow);
        }

        if (query.FailedSince is { } since)
        {
            sql.And("updated_at >= {0}", since.ToUnixTimeMilliseconds()); // a failed task's last write is its failure
        }

        sql.After("updated_at", Cursor.Decode(query.Cursor));
        command.CommandText = $"SELECT id, updated_at FROM {TaskTable.Name}{sql.Where} ORDER BY updated_at, id LIMIT {limit + 1}";
        var rows = new List<(string Id, long At)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return rows.Count > limit
            ? ([.. rows.Take(limit).Select(r => r.Id)], new Cursor(rows[limit - 1].At, rows[limit - 1].Id).Encode())
            : ([.. rows.Select(r => r.Id)], null);
    }

    [LoggerMessage(EventIds.DeadLettersRetried, LogLevel.Information, "Bulk retry sent {Retried} of {Found} failed tasks back to pending [correlation {CorrelationId}]")]
    private static partial void LogRetried(ILogger logger, int retried, int found, string? correlationId);
}

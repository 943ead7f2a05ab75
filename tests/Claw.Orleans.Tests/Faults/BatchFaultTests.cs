using System.Collections.Concurrent;
using System.Collections.Immutable;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Tasks;
using Claw.Tests.Infrastructure;
using Npgsql;

namespace Claw.Tests.Faults;

/// <summary>
/// Batch submits on two silos over PostgreSQL while one silo is killed: a batch is one transaction, so each task is
/// either stored whole (its row and its created event) or not at all; every acknowledged one exists, and every stored
/// one (indexed by its batch, or by the partition's sweep when its silo died first) is leased and completed exactly once.
/// </summary>
public sealed class BatchFaultTests
{
    private const int BatchSize = 100;
    private static readonly (string, string)[] FastSweeps = [("Claw:Dispatch:SweepInterval", "00:00:01")];

    [Fact]
    public async Task A_silo_killed_during_batches_leaves_each_task_whole_or_absent_and_every_stored_one_completes_once()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        await using var cluster = await SqliteCluster.StartOnPostgresAsync(postgres.ConnectionString, "claw-batch-kill-" + Guid.NewGuid().ToString("N")[..8], silos: 2, FastSweeps);
        var grains = cluster.GrainFactory;
        const string queue = "bulk";
        var acknowledged = new ConcurrentBag<string>();
        var refused = 0;
        var killed = new TaskCompletionSource();

        async Task SubmitAsync(int client)
        {
            for (var b = 0; b < 10; b++)
            {
                var items = Enumerable.Range(0, BatchSize).Select(i => new BatchItem($"bulk-{client}-{b}-{i}", Submission(queue, i))).ToImmutableArray();
                try
                {
                    var results = await grains.GetGrain<ITaskBatchGrain>(client).SubmitAsync(items);
                    Assert.Equal(items.Select(i => i.TaskId), results.Select(r => r.Task.Id)); // answered in order
                    foreach (var result in results)
                    {
                        acknowledged.Add(result.Task.Id);
                    }
                }
                catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
                {
                    Interlocked.Increment(ref refused); // lost with the silo: not acknowledged, so it may or may not exist
                }

                if (b == 2)
                {
                    await killed.Task;
                }
            }
        }

        var submitting = Task.WhenAll(SubmitAsync(0), SubmitAsync(1), SubmitAsync(2));
        await Eventually.Until(() => Task.FromResult(acknowledged.Count), n => n >= 3 * BatchSize, TimeSpan.FromSeconds(60), "a few batches acknowledged");
        await cluster.KillSiloAsync(cluster.SecondarySilos[0]);
        killed.SetResult();
        await submitting;

        await using var db = new NpgsqlConnection(postgres.ConnectionString);
        await db.OpenAsync();
        var stored = await ColumnAsync(db, "SELECT id FROM claw_tasks WHERE queue = 'bulk'");
        Assert.Subset(stored.ToHashSet(), acknowledged.ToHashSet()); // every acknowledged task is stored
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM claw_tasks t WHERE t.queue = 'bulk' AND (SELECT count(*) FROM claw_events e WHERE e.task_id = t.id AND e.type = 'task.created') <> 1"));
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM claw_events e WHERE e.queue = 'bulk' AND NOT EXISTS (SELECT 1 FROM claw_tasks t WHERE t.id = e.task_id)"));

        var completed = new ConcurrentDictionary<string, int>();
        var nodeId = "bulk-worker";
        var node = grains.GetGrain<INodeGrain>(nodeId);
        await node.RegisterAsync(new NodeRegistration(nodeId, [], NodeResources.None, [], ImmutableDictionary<string, string>.Empty, null, 50, null, null));
        var deadline = DateTimeOffset.UtcNow.AddMinutes(3);
        while (completed.Count < stored.Count && DateTimeOffset.UtcNow < deadline)
        {
            var assignments = await node.PollAsync(new PollRequest([queue], 50, TimeSpan.FromMilliseconds(500)));
            await Task.WhenAll(assignments.Select(async a =>
            {
                await grains.GetGrain<ITaskGrain>(a.TaskId).CompleteAsync(new LeaseProof(a.LeaseId, a.LeaseToken, nodeId), """{"ok":true}""");
                completed.AddOrUpdate(a.TaskId, 1, (_, n) => n + 1);
            }));
        }

        Assert.Equal(stored.Order(), completed.Keys.Order());
        Assert.All(completed.Values, n => Assert.Equal(1, n));
        Assert.Equal(stored.Count, await CountAsync(db, "SELECT count(*) FROM claw_tasks WHERE queue = 'bulk' AND status = 'completed'"));
        Assert.True(acknowledged.Count >= 3 * BatchSize, $"{acknowledged.Count} acknowledged, {refused} batches lost");
    }

    private static TaskSubmission Submission(string queue, int i) => new(
        queue, "noop", $$"""{"i":{{i}}}""", TaskPriority.Normal, TaskRequirements.None, 60, 0, new RetryBackoff(0, 1, 0), null, false, null, null,
        DispatchMode.Auto, null, "batch-fault", null);

    private static async Task<List<string>> ColumnAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static async Task<long> CountAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

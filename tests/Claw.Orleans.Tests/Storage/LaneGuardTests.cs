using Claw.Abstractions.Tasks;
using Claw.Grains.Storage;
using Claw.Grains.Tasks;
using Claw.Tests.Infrastructure;
using Claw.Tests.Rules;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Storage;

namespace Claw.Tests.Storage;

/// <summary>
/// The database's half of a concurrency lane's limit (<see cref="Claw.Grains.Dispatch.LaneGuard"/>), on real SQLite and
/// PostgreSQL: the write that leases a task is refused while its key's or its queue's limit of other tasks are leased,
/// or past its running swarm's (and at all while the swarm is not running), a refusal is told apart from a version
/// conflict, and on PostgreSQL a lease still being committed elsewhere is counted.
/// </summary>
public sealed class LaneGuardTests
{
    [Fact]
    public async Task A_lease_past_a_keys_or_a_queues_limit_is_refused_and_leaves_the_task_as_it_was_on_sqlite()
    {
        using var data = new TempDirectory();
        await using var harness = await TaskStorageHarness.StartAsync(new ClawStorageOptions { DataDirectory = data.Path });
        await AssertLeasesPastTheLimitRefusedAsync(harness);
    }

    [Fact]
    public async Task A_lease_past_a_keys_or_a_queues_limit_is_refused_and_leaves_the_task_as_it_was_on_postgres()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        await using var harness = await TaskStorageHarness.StartAsync(new ClawStorageOptions { Storage = StorageKind.Postgres, ConnectionString = postgres.ConnectionString });
        await AssertLeasesPastTheLimitRefusedAsync(harness);
    }

    [Fact]
    public async Task A_lease_past_a_swarms_limit_or_while_it_is_not_running_is_refused_on_sqlite()
    {
        using var data = new TempDirectory();
        await using var harness = await TaskStorageHarness.StartAsync(new ClawStorageOptions { DataDirectory = data.Path });
        await AssertSwarmLeasesGuardedAsync(harness);
    }

    [Fact]
    public async Task A_lease_past_a_swarms_limit_or_while_it_is_not_running_is_refused_on_postgres()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        await using var harness = await TaskStorageHarness.StartAsync(new ClawStorageOptions { Storage = StorageKind.Postgres, ConnectionString = postgres.ConnectionString });
        await AssertSwarmLeasesGuardedAsync(harness);
    }

    [Fact]
    public async Task A_lease_of_the_same_key_still_being_committed_by_another_transaction_is_waited_for_and_counted_on_postgres()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        await using var harness = await TaskStorageHarness.StartAsync(new ClawStorageOptions { Storage = StorageKind.Postgres, ConnectionString = postgres.ConnectionString });
        await CreateAsync(harness, "tx-a", key: "tx-key");
        var second = await CreateAsync(harness, "tx-b", key: "tx-key");

        // Another silo's lease of tx-a, in flight: its transaction holds the key's lock and has not committed.
        await using var connection = await harness.Database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT pg_advisory_xact_lock(hashtextextended('key:tx-key', 0)); UPDATE claw_tasks SET status = 'assigned' WHERE id = 'tx-a'";
            await command.ExecuteNonQueryAsync();
        }

        var lease = LeaseAsync(harness, "tx-b", second);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(lease.IsCompleted, "the lease was written without waiting for the key's lock");
        await transaction.CommitAsync();

        await Assert.ThrowsAsync<WriteRefusedException>(() => lease);
        Assert.Equal(ClawTaskStatus.Pending, (await harness.ReadAsync(TaskStorageHarness.TaskId("tx-b"))).State!.Status);
    }

    private static async Task AssertLeasesPastTheLimitRefusedAsync(TaskStorageHarness harness)
    {
        var first = await CreateAsync(harness, "key-a", key: "tenant");
        var second = await CreateAsync(harness, "key-b", key: "tenant");
        var stale = await harness.ReadAsync(TaskStorageHarness.TaskId("key-b"));
        await LeaseAsync(harness, "key-a", first);

        await Assert.ThrowsAsync<WriteRefusedException>(() => LeaseAsync(harness, "key-b", second));
        var kept = await harness.ReadAsync(TaskStorageHarness.TaskId("key-b"));
        Assert.Equal((ClawTaskStatus.Pending, second.ETag), (kept.State!.Status, kept.ETag));

        // A write that leases nothing is not counted; a lease from memory older than the row is a conflict, not a refusal.
        kept.State.Priority = TaskPriority.High;
        await harness.WriteAsync(TaskStorageHarness.TaskId("key-b"), kept);
        await Assert.ThrowsAsync<InconsistentStateException>(() => LeaseAsync(harness, "key-b", stale));

        // The first lease ends: the slot is free for the second.
        new TaskLifecycle(first.State!, RuleData.T0.AddSeconds(2)).Cancel("done");
        await harness.WriteAsync(TaskStorageHarness.TaskId("key-a"), first);
        await LeaseAsync(harness, "key-b", kept);
        Assert.Equal(ClawTaskStatus.Assigned, (await harness.ReadAsync(TaskStorageHarness.TaskId("key-b"))).State!.Status);

        // A queue's max_concurrent is the same kind of lane.
        var capped = await CreateAsync(harness, "queue-a", queueLimit: 1);
        var over = await CreateAsync(harness, "queue-b", queueLimit: 1);
        await LeaseAsync(harness, "queue-a", capped);
        await Assert.ThrowsAsync<WriteRefusedException>(() => LeaseAsync(harness, "queue-b", over));
    }

    /// <summary>The swarm's row as its grain writes it (limit 1, running); an older row gets its limit from the document.</summary>
    private static async Task AssertSwarmLeasesGuardedAsync(TaskStorageHarness harness)
    {
        await ExecuteAsync(harness, "INSERT INTO claw_swarms (id, version, doc, name, status, created_at, updated_at) VALUES ('sw', 1, '{\"spec\":{\"max_concurrent_tasks\":1}}', 'sw', 'running', 0, 0)");
        await ExecuteAsync(harness, "DELETE FROM claw_schema_history WHERE version LIKE '0220%'"); // as if the row was made before the column
        Assert.Equal(1, await new SchemaMigrator(harness.Database, NullLogger<SchemaMigrator>.Instance).ApplyAsync(CancellationToken.None));
        var first = await CreateAsync(harness, "swarm-a", swarm: "sw");
        var second = await CreateAsync(harness, "swarm-b", swarm: "sw");
        var unknown = await CreateAsync(harness, "swarm-c", swarm: "nobody-made-it");

        await LeaseAsync(harness, "swarm-a", first);
        await Assert.ThrowsAsync<WriteRefusedException>(() => LeaseAsync(harness, "swarm-b", second));
        await LeaseAsync(harness, "swarm-c", unknown); // a swarm nobody created puts no rule on its tasks

        // The slot frees, but the swarm is paused in the table: still refused.
        new TaskLifecycle(first.State!, RuleData.T0.AddSeconds(2)).Cancel("done");
        await harness.WriteAsync(TaskStorageHarness.TaskId("swarm-a"), first);
        await ExecuteAsync(harness, "UPDATE claw_swarms SET status = 'paused' WHERE id = 'sw'");
        second = await harness.ReadAsync(TaskStorageHarness.TaskId("swarm-b"));
        await Assert.ThrowsAsync<WriteRefusedException>(() => LeaseAsync(harness, "swarm-b", second));
        await ExecuteAsync(harness, "UPDATE claw_swarms SET status = 'running' WHERE id = 'sw'");
        second = await harness.ReadAsync(TaskStorageHarness.TaskId("swarm-b"));
        await LeaseAsync(harness, "swarm-b", second);
    }

    private static async Task ExecuteAsync(TaskStorageHarness harness, string sql)
    {
        await using var connection = await harness.Database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<GrainState<TaskState>> CreateAsync(TaskStorageHarness harness, string taskId, string? key = null, int? queueLimit = null, string? swarm = null)
    {
        var submission = RuleData.Submission(swarmId: swarm) with
        {
            Queue = queueLimit is null ? "lanes" : "capped-lanes", ConcurrencyKey = key, ConcurrencyLimit = key is null ? null : 1, QueueMaxConcurrent = queueLimit,
        };
        await harness.WriteAsync(TaskStorageHarness.TaskId(taskId), new GrainState<TaskState>(RuleData.Created(submission)));
        return await harness.ReadAsync(TaskStorageHarness.TaskId(taskId));
    }

    private static Task LeaseAsync(TaskStorageHarness harness, string taskId, GrainState<TaskState> state)
    {
        new TaskLifecycle(state.State!, RuleData.T0.AddSeconds(1)).Assign(taskId, RuleData.Node());
        return harness.WriteAsync(TaskStorageHarness.TaskId(taskId), state);
    }
}

using Claw.Abstractions.Tasks;
using Claw.Grains.Storage;
using Claw.Grains.Tasks;
using Claw.Tests.Infrastructure;
using Claw.Tests.Rules;
using Orleans.Storage;

namespace Claw.Tests.Storage;

/// <summary>
/// A task's state write carries its new timeline events (and a callback it owes) into the same transaction, on real
/// SQLite and PostgreSQL: they commit with the change, never without it, and share the group commit.
/// </summary>
public sealed class CompanionWriteTests
{
    [Fact]
    public async Task Events_and_callbacks_commit_with_their_state_write_and_not_with_a_refused_one_on_sqlite()
    {
        using var data = new TempDirectory();
        await using var harness = await TaskStorageHarness.StartAsync(new ClawStorageOptions { DataDirectory = data.Path });
        await AssertWrittenWithTheirStateAsync(harness);
    }

    [Fact]
    public async Task Events_and_callbacks_commit_with_their_state_write_and_not_with_a_refused_one_on_postgres()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        await using var harness = await TaskStorageHarness.StartAsync(new ClawStorageOptions { Storage = StorageKind.Postgres, ConnectionString = postgres.ConnectionString });
        await AssertWrittenWithTheirStateAsync(harness);
    }

    [Fact]
    public async Task Many_tasks_written_at_once_share_commits_and_each_keeps_exactly_its_own_events_on_postgres()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        await using var harness = await TaskStorageHarness.StartAsync(new ClawStorageOptions { Storage = StorageKind.Postgres, ConnectionString = postgres.ConnectionString });
        await AssertConcurrentWritesKeepTheirEventsAsync(harness);
    }

    [Fact]
    public async Task Many_tasks_written_at_once_share_commits_and_each_keeps_exactly_its_own_events_on_sqlite()
    {
        using var data = new TempDirectory();
        await using var harness = await TaskStorageHarness.StartAsync(new ClawStorageOptions { DataDirectory = data.Path });
        await AssertConcurrentWritesKeepTheirEventsAsync(harness);
    }

    [Fact]
    public async Task Event_rows_hold_every_value_as_written_on_sqlite()
    {
        using var data = new TempDirectory();
        await using var harness = await TaskStorageHarness.StartAsync(new ClawStorageOptions { DataDirectory = data.Path });
        await AssertEventValuesAsync(harness);
    }

    [Fact]
    public async Task Event_rows_hold_every_value_as_written_on_postgres()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        await using var harness = await TaskStorageHarness.StartAsync(new ClawStorageOptions { Storage = StorageKind.Postgres, ConnectionString = postgres.ConnectionString });
        await AssertEventValuesAsync(harness);
    }

    /// <summary>Texts with quotes, a backslash, a line break and characters outside ASCII, integers and nulls: each column reads back as it was written.</summary>
    private static async Task AssertEventValuesAsync(TaskStorageHarness harness)
    {
        const string Reason = "a \"quoted\" reason \\ with é, 😀\nand a second line";
        var id = TaskStorageHarness.TaskId("task-values");
        var state = new GrainState<TaskState>(RuleData.Created());
        await harness.WriteAsync(id, state);
        new TaskLifecycle(state.State!, RuleData.T0.AddSeconds(1)).Assign("task-values", RuleData.Node("node-é"));
        await harness.WriteAsync(id, state);
        new TaskLifecycle(state.State!, RuleData.T0.AddSeconds(2)).Cancel(Reason);
        await harness.WriteAsync(id, state);

        var rows = await harness.EventRowsAsync("task-values");

        Assert.Equal(["task.created", "task.queued", "task.assigned", "task.cancelled"], rows.Select(r => (string)r[0]!));
        Assert.Equal(RuleData.T0.AddSeconds(2).ToUnixTimeMilliseconds(), Convert.ToInt64(rows[3][1]));
        Assert.Equal([null, null, "node-é"], rows.Take(3).Select(r => (string?)r[2]));
        Assert.All(rows, r => Assert.Equal(1L, Convert.ToInt64(r[3])));
        Assert.Equal(Reason, rows[3][4]);
        using var assigned = System.Text.Json.JsonDocument.Parse((string)rows[2][5]!);
        Assert.Equal("assigned", assigned.RootElement.GetProperty("status").GetString());
        Assert.Equal(state.State!.Timeline.Single(e => e.Type == TaskEvents.Assigned).LeaseId, assigned.RootElement.GetProperty("lease_id").GetString());
        Assert.True(assigned.RootElement.GetProperty("dispatch_ms").GetInt64() >= 0);
        using var cancelled = System.Text.Json.JsonDocument.Parse((string)rows[3][5]!);
        Assert.Equal("cancelled", cancelled.RootElement.GetProperty("status").GetString());
    }

    private static async Task AssertWrittenWithTheirStateAsync(TaskStorageHarness harness)
    {
        var id = TaskStorageHarness.TaskId("task-companion");
        var state = new GrainState<TaskState>(RuleData.Created(RuleData.Submission() with { Callback = new TaskCallback("http://127.0.0.1:9/hook") }));
        await harness.WriteAsync(id, state);
        Assert.Equal(["task.created", "task.queued"], await harness.EventTypesAsync("task-companion"));

        // A second activation that still holds version 1 loses the race: its events must not appear.
        var stale = await harness.ReadAsync(id);
        new TaskLifecycle(state.State!, RuleData.T0.AddSeconds(1)).Assign("task-companion", RuleData.Node());
        await harness.WriteAsync(id, state);
        new TaskLifecycle(stale.State!, RuleData.T0.AddSeconds(1)).Cancel("from a stale activation");
        await Assert.ThrowsAsync<InconsistentStateException>(() => harness.WriteAsync(id, stale));
        Assert.Equal(["task.created", "task.queued", "task.assigned"], await harness.EventTypesAsync("task-companion"));
        Assert.Empty(await harness.CallbackEventsAsync("task-companion"));

        // The write that ends the task owes its callback, once; writing the ended task again owes nothing more.
        new TaskLifecycle(state.State!, RuleData.T0.AddSeconds(2)).Complete("""{"ok":true}""");
        await harness.WriteAsync(id, state);
        new TaskLifecycle(state.State!, RuleData.T0.AddSeconds(3)).ResultRejected("stale_lease");
        await harness.WriteAsync(id, state);
        Assert.Equal(["task.completed"], await harness.CallbackEventsAsync("task-companion"));
        Assert.Equal("task.result_rejected", (await harness.EventTypesAsync("task-companion"))[^1]);

        // A refused insert (the row exists) writes nothing either, and a delete says so.
        var again = new GrainState<TaskState>(RuleData.Created());
        await Assert.ThrowsAsync<InconsistentStateException>(() => harness.WriteAsync(id, again));
        Assert.Equal(5, (await harness.EventTypesAsync("task-companion")).Count);
        await harness.Storage.ClearStateAsync("task", id, state);
        Assert.Equal("task.deleted", (await harness.EventTypesAsync("task-companion"))[^1]);
        Assert.Equal(2 + 1 + 1 + 1 + 1 + 1, harness.CompanionRows); // events of each committed write, the callback, the delete
    }

    private static async Task AssertConcurrentWritesKeepTheirEventsAsync(TaskStorageHarness harness)
    {
        const int tasks = 150;
        var states = Enumerable.Range(0, tasks).Select(_ => new GrainState<TaskState>(RuleData.Created())).ToList();
        await Task.WhenAll(states.Select(async (state, i) =>
        {
            var id = TaskStorageHarness.TaskId($"task-many-{i}");
            await harness.WriteAsync(id, state);
            new TaskLifecycle(state.State!, RuleData.T0.AddSeconds(1)).Assign($"task-many-{i}", RuleData.Node());
            await harness.WriteAsync(id, state);
            new TaskLifecycle(state.State!, RuleData.T0.AddSeconds(2)).Complete(null);
            await harness.WriteAsync(id, state);
        }));

        for (var i = 0; i < tasks; i++)
        {
            Assert.Equal(["task.created", "task.queued", "task.assigned", "task.completed"], await harness.EventTypesAsync($"task-many-{i}"));
        }

        Assert.Equal(tasks * 4, harness.CompanionRows);
    }
}

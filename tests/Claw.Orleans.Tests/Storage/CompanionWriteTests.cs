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

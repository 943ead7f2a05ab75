using Claw.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Claw.Tests.Schedules;

/// <summary>
/// Schedules across a full stop of the host on the same data: only the durable reminder can bring a schedule back, and
/// every slot from the first to the last is then fired exactly once or, beyond the catch-up window, skipped and counted.
/// Each test runs its own host, because it stops it.
/// </summary>
public sealed class ScheduleRestartTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Downtime = TimeSpan.FromSeconds(6);
    private static readonly string[] FastReminders = ["--Claw:MinimumReminderPeriod", "00:00:01"];

    [Fact]
    public async Task An_interval_schedule_catches_up_every_slot_of_a_restart_once()
    {
        using var data = new TempDirectory();
        await AssertCatchesUpAcrossRestartAsync(data.Path, FastReminders);
    }

    [Fact]
    public async Task An_interval_schedule_catches_up_every_slot_of_a_restart_once_on_postgres()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        using var data = new TempDirectory();
        await AssertCatchesUpAcrossRestartAsync(data.Path, ["--storage", "postgres", "--connection-string", postgres.ConnectionString, .. FastReminders]);
    }

    [Fact]
    public async Task With_no_catch_up_window_the_slots_of_the_downtime_are_skipped_and_counted()
    {
        using var data = new TempDirectory();
        var id = ClawApi.NewId("sched");
        var queue = ClawApi.NewId("q");
        var stoppedAt = await RunThenStopAsync(data.Path, FastReminders, ScheduleClient.Body(id, queue, "\"interval_seconds\":1,\"overlap_policy\":\"allow\",\"catchup_window_seconds\":0"));
        await Task.Delay(Downtime);

        await using var second = await ClawTestHost.StartAsync(data.Path, FastReminders);
        var schedules = new ScheduleClient(second.CreateClient());
        var restartedAt = DateTimeOffset.UtcNow;
        await Eventually.Until(() => schedules.FiredAsync(queue), f => f.Count > 0 && f[^1].ScheduledFor > restartedAt + Second, Patience, "firings after the restart");
        var schedule = await schedules.PostAsync(id, "pause");

        var fired = await schedules.FiredAsync(queue);
        Assert.Equal(fired.Count, fired.Select(f => f.ScheduledFor).Distinct().Count());
        // No host ran for the whole downtime, so nothing in it was fired: the slots jump across it.
        var gap = fired.Zip(fired.Skip(1), (a, b) => b.ScheduledFor - a.ScheduledFor).Max();
        Assert.True(gap >= Downtime, $"the downtime's slots were fired late: the largest gap is {gap}");
        Assert.DoesNotContain(fired, f => f.ScheduledFor > stoppedAt && f.ScheduledFor < stoppedAt + Downtime);

        // Every slot from the first to the last handled one was either fired or skipped, none both.
        var slots = (long)((fired[^1].ScheduledFor - fired[0].ScheduledFor) / Second) + 1;
        Assert.Equal(fired.Count, schedule.GetProperty("fired_count").GetInt64());
        Assert.Equal(slots - fired.Count, schedule.GetProperty("skipped_count").GetInt64());
        Assert.True(schedule.GetProperty("skipped_count").GetInt64() >= Downtime.TotalSeconds - 1);
    }

    [Fact]
    public async Task A_schedule_restored_to_an_older_state_fires_its_slots_again_as_the_same_tasks()
    {
        using var data = new TempDirectory();
        var id = ClawApi.NewId("sched");
        var queue = ClawApi.NewId("q");
        await RunThenStopAsync(data.Path, FastReminders, ScheduleClient.Body(id, queue, "\"interval_seconds\":1,\"overlap_policy\":\"allow\",\"catchup_window_seconds\":3600"));
        var before = await TaskIdsAsync(data.Path, queue);

        // As if every write of the schedule since its creation were lost: the cursor back at the start, counters at zero.
        await RewindAsync(data.Path, id);
        await using var second = await ClawTestHost.StartAsync(data.Path, FastReminders);
        var schedules = new ScheduleClient(second.CreateClient());
        await Eventually.Until(() => schedules.CountAsync(id, "fired_count"), n => n >= before.Count + 2, Patience, "the old slots to fire again, and new ones");
        var schedule = await schedules.PostAsync(id, "pause");

        var fired = await schedules.FiredAsync(queue);
        var slots = Fired.AssertContiguous(fired, Second);
        Assert.Subset(fired.Select(f => f.TaskId).ToHashSet(), before);
        Assert.Equal(slots, schedule.GetProperty("fired_count").GetInt64());
    }

    private static async Task AssertCatchesUpAcrossRestartAsync(string dataDirectory, string[] args)
    {
        var id = ClawApi.NewId("sched");
        var queue = ClawApi.NewId("q");
        var stoppedAt = await RunThenStopAsync(dataDirectory, args, ScheduleClient.Body(id, queue, "\"interval_seconds\":1,\"overlap_policy\":\"allow\",\"catchup_window_seconds\":600"));
        await Task.Delay(Downtime);

        await using var second = await ClawTestHost.StartAsync(dataDirectory, args);
        var schedules = new ScheduleClient(second.CreateClient());
        var restartedAt = DateTimeOffset.UtcNow;
        // Only the task list is read until then: nothing but the schedule's reminder can wake its grain.
        await Eventually.Until(() => schedules.FiredAsync(queue), f => f.Count > 0 && f[^1].ScheduledFor > restartedAt + Second, Patience, "firings after the restart");
        var schedule = await schedules.PostAsync(id, "pause");

        var fired = await schedules.FiredAsync(queue);
        var slots = Fired.AssertContiguous(fired, Second);
        Assert.Equal(ScheduleClient.Time(schedule, "created_at") + Second, fired[0].ScheduledFor);
        Assert.True(slots >= (restartedAt - fired[0].ScheduledFor) / Second, "the slots of the downtime are among them");
        Assert.Contains(fired, f => f.ScheduledFor > stoppedAt + Second && f.ScheduledFor < restartedAt - Second);
        Assert.Equal(slots, schedule.GetProperty("fired_count").GetInt64());
        Assert.Equal(0, schedule.GetProperty("skipped_count").GetInt64());
    }

    /// <summary>Creates the schedule on a first host, lets it fire three times, stops the host; answers when it stopped.</summary>
    private static async Task<DateTimeOffset> RunThenStopAsync(string dataDirectory, string[] args, string body)
    {
        var first = await ClawTestHost.StartAsync(dataDirectory, args);
        try
        {
            var schedules = new ScheduleClient(first.CreateClient());
            var id = (await schedules.CreateAsync(body)).Str("id");
            await Eventually.Until(() => schedules.CountAsync(id, "fired_count"), n => n >= 3, Patience, "three firings before the stop");
        }
        finally
        {
            await first.DisposeAsync();
        }

        return DateTimeOffset.UtcNow;
    }

    private static async Task<HashSet<string>> TaskIdsAsync(string dataDirectory, string queue)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "claw.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM claw_tasks WHERE queue = $queue";
        command.Parameters.AddWithValue("$queue", queue);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        Assert.True(ids.Count >= 3, $"{ids.Count} tasks before the stop");
        return ids;
    }

    private static async Task RewindAsync(string dataDirectory, string id)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "claw.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE claw_schedules
            SET doc = json_set(doc, '$.through', json_extract(doc, '$.created_at'), '$.fired_count', 0, '$.last_task_id', NULL, '$.last_scheduled_for', NULL)
            WHERE id = $id
            """;
        command.Parameters.AddWithValue("$id", id);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}

using System.Net;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Schedules;

/// <summary>Firing on the shared SQLite host: idempotent slots, out-of-band triggers, and the overlap policies.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ScheduleFiringTests(GatewayFixture fixture)
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly ScheduleClient _schedules = new(fixture.Client);
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public async Task An_interval_schedule_fires_each_slot_once_recording_the_slot_in_the_task()
    {
        var id = ClawApi.NewId("sched");
        var queue = ClawApi.NewId("q");
        var created = await _schedules.CreateAsync(ScheduleClient.Body(id, queue, "\"interval_seconds\":1,\"overlap_policy\":\"allow\""));
        await Eventually.Until(() => _schedules.FiredAsync(queue), f => f.Count >= 3, Patience, "three firings");
        await _schedules.PostAsync(id, "pause");

        var fired = await _schedules.FiredAsync(queue);
        var slots = Fired.AssertContiguous(fired, Second);
        Assert.Equal(ScheduleClient.Time(created, "created_at").AddSeconds(1), fired[0].ScheduledFor);
        Assert.All(fired, f => Assert.Equal(id, f.ScheduleId));
        var task = await _api.TaskAsync(fired[0].TaskId);
        Assert.Equal("scheduled", task.Str("type"));
        Assert.Equal(1, task.GetProperty("payload").GetProperty("n").GetInt32());

        var schedule = await _schedules.GetAsync(id);
        Assert.Equal(slots, schedule.GetProperty("fired_count").GetInt64());
        Assert.Equal(0, schedule.GetProperty("skipped_count").GetInt64());
        Assert.Equal(fired[^1].TaskId, schedule.Str("last_task_id"));
        Assert.Equal(fired[^1].ScheduledFor, ScheduleClient.Time(schedule, "last_scheduled_for"));
    }

    [Fact]
    public async Task A_slot_fired_twice_at_once_is_one_task_and_a_trigger_without_a_slot_fires_now()
    {
        // Paused from the start, with slots in the past that never fired: both triggers race for the same new slot.
        var id = ClawApi.NewId("sched");
        var queue = ClawApi.NewId("q");
        var startAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeSeconds());
        await _schedules.CreateAsync(ScheduleClient.Body(id, queue, "\"interval_seconds\":60", $$""","start_at":"{{startAt:O}}","paused":true"""));
        var slot = startAt.AddMinutes(2);
        var body = $$"""{"scheduled_for":"{{slot.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}"}""";

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _schedules.Http.PostJsonAsync($"/api/v1/schedules/{id}/trigger", body)));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.OK && r.Headers.Contains("Idempotent-Replay")));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.ReadJsonAsync()).Str("id")));
        Assert.Single(ids.Distinct());

        var fired = Assert.Single(await _schedules.FiredAsync(queue));
        Assert.Equal((ids[0], slot), (fired.TaskId, fired.ScheduledFor));
        Assert.Equal(1, await _schedules.CountAsync(id, "fired_count"));

        // Not one of its times, or not yet come: refused.
        var off = $$"""{"scheduled_for":"{{slot.AddSeconds(1).UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}"}""";
        await (await _schedules.Http.PostJsonAsync($"/api/v1/schedules/{id}/trigger", off)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var future = $$"""{"scheduled_for":"{{startAt.AddMinutes(90).UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}"}""";
        await (await _schedules.Http.PostJsonAsync($"/api/v1/schedules/{id}/trigger", future)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var beforeStart = $$"""{"scheduled_for":"{{startAt.AddMinutes(-1).UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}"}""";
        await (await _schedules.Http.PostJsonAsync($"/api/v1/schedules/{id}/trigger", beforeStart)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await _schedules.Http.PostJsonAsync($"/api/v1/schedules/{id}/trigger", """{"scheduled_for":"0001-01-01T00:00:00Z"}"""))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        // Without a slot: a run now, even while paused.
        var now = await _schedules.Http.PostAsync($"/api/v1/schedules/{id}/trigger", null);
        Assert.Equal(HttpStatusCode.Created, now.StatusCode);
        var manual = await now.ReadJsonAsync();
        Assert.Equal("manual", manual.GetProperty("metadata").Str("schedule_trigger"));
        Assert.Equal(2, (await _schedules.FiredAsync(queue)).Count);
        Assert.Equal("paused", (await _schedules.GetAsync(id)).Str("status"));
    }

    [Fact]
    public async Task Skip_fires_nothing_while_the_last_task_runs_and_fires_again_once_it_ends()
    {
        var (id, queue, lease) = await StartWithLeasedFirstTaskAsync("skip");
        await Eventually.Until(() => _schedules.CountAsync(id, "skipped_count"), n => n >= 3, Patience, "slots skipped while the task runs");
        Assert.Single(await _schedules.FiredAsync(queue));

        (await _api.CompleteLeaseAsync(lease)).EnsureSuccessStatusCode();
        var fired = await Eventually.Until(() => _schedules.FiredAsync(queue), f => f.Count >= 2, Patience, "a firing after the task ended");
        Assert.True(fired[1].ScheduledFor - fired[0].ScheduledFor >= 3 * Second, "the slots in between were skipped, not fired late");
        Assert.Equal(fired.Count, fired.Select(f => f.ScheduledFor).Distinct().Count());
    }

    [Fact]
    public async Task Allow_fires_every_slot_while_the_last_task_runs()
    {
        var (id, queue, _) = await StartWithLeasedFirstTaskAsync("allow");
        var fired = await Eventually.Until(() => _schedules.FiredAsync(queue), f => f.Count >= 4, Patience, "firings while the first task runs");
        await _schedules.PostAsync(id, "pause");
        fired = await _schedules.FiredAsync(queue);
        Fired.AssertContiguous(fired, Second);
        Assert.Equal(0, await _schedules.CountAsync(id, "skipped_count"));
        Assert.Equal("assigned", fired[0].Status);
    }

    [Fact]
    public async Task Buffer_one_keeps_one_slot_while_the_task_runs_and_fires_it_when_the_task_ends()
    {
        var (id, queue, lease) = await StartWithLeasedFirstTaskAsync("buffer_one");
        var schedule = await Eventually.Until(() => _schedules.GetAsync(id), s => s.GetProperty("skipped_count").GetInt64() >= 2, Patience, "a buffered slot and skipped ones");
        var first = Assert.Single(await _schedules.FiredAsync(queue));
        var buffered = ScheduleClient.Time(schedule, "buffered_for");
        Assert.Equal(first.ScheduledFor + Second, buffered); // the first slot that met the running task is the one kept

        (await _api.CompleteLeaseAsync(lease)).EnsureSuccessStatusCode();
        var fired = await Eventually.Until(() => _schedules.FiredAsync(queue), f => f.Count >= 2, Patience, "the buffered slot to fire");
        Assert.Equal(buffered, fired[1].ScheduledFor);
        Assert.Equal(fired.Count, fired.Select(f => f.ScheduledFor).Distinct().Count());
    }

    /// <summary>A 1-second schedule whose first task a node leases and holds without completing it.</summary>
    private async Task<(string Id, string Queue, System.Text.Json.JsonElement Lease)> StartWithLeasedFirstTaskAsync(string policy)
    {
        var id = ClawApi.NewId("sched");
        var queue = ClawApi.NewId("q");
        var node = await _api.RegisterNodeAsync();
        await _schedules.CreateAsync(ScheduleClient.Body(id, queue, $$""" "interval_seconds":1,"overlap_policy":"{{policy}}" """));
        var lease = await _api.PollOneAsync(node, queue, wait: 20);
        var first = Assert.Single(await _schedules.FiredAsync(queue), f => f.TaskId == lease.Str("task_id"));
        Assert.Equal(id, first.ScheduleId);
        return (id, queue, lease);
    }
}

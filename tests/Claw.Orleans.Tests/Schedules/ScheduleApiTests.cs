using System.Net;
using System.Text.Json;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Schedules;

/// <summary>The schedules API on the shared SQLite host: lifecycle, the cron clock, validation, idempotency.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ScheduleApiTests(GatewayFixture fixture)
{
    private readonly ScheduleClient _schedules = new(fixture.Client);

    [Fact]
    public async Task A_schedule_is_created_read_listed_paused_resumed_and_deleted()
    {
        var id = ClawApi.NewId("sched");
        var queue = ClawApi.NewId("q");
        var created = await _schedules.CreateAsync(ScheduleClient.Body(id, queue, "\"interval_seconds\":3600", ""","metadata":{"team":"ops"}"""));
        Assert.Equal(id, created.Str("id"));
        Assert.Equal("active", created.Str("status"));
        Assert.Equal("skip", created.Str("overlap_policy"));
        Assert.Equal(60, created.GetProperty("catchup_window_seconds").GetInt32());
        Assert.Equal("UTC", created.Str("time_zone"));
        Assert.Equal(JsonValueKind.Null, created.GetProperty("cron").ValueKind);
        Assert.Equal(queue, created.GetProperty("task").Str("queue"));
        Assert.Equal(1, created.GetProperty("task").GetProperty("payload").GetProperty("n").GetInt32());
        Assert.Equal("ops", created.GetProperty("metadata").Str("team"));
        Assert.Equal(0, created.GetProperty("fired_count").GetInt64());
        // Anchored at creation: the first run is one interval later.
        Assert.Equal(ScheduleClient.Time(created, "created_at").AddHours(1), ScheduleClient.Time(created, "next_run_at"));

        var read = await _schedules.GetAsync(id);
        Assert.Equal(created.Str("next_run_at"), read.Str("next_run_at"));

        var paused = await _schedules.PostAsync(id, "pause");
        Assert.Equal("paused", paused.Str("status"));
        Assert.Equal(JsonValueKind.Null, paused.GetProperty("next_run_at").ValueKind);
        await (await _schedules.Http.PostAsync($"/api/v1/schedules/{id}/pause", null)).AssertProblemAsync(HttpStatusCode.Conflict, "invalid_transition");

        var pausedList = await (await _schedules.Http.GetAsync("/api/v1/schedules?status=paused&limit=500")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Contains(pausedList.GetProperty("items").EnumerateArray(), s => s.Str("id") == id);
        var activeList = await (await _schedules.Http.GetAsync("/api/v1/schedules?status=active")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal(JsonValueKind.Array, activeList.ValueKind); // no paging asked: a bare array
        Assert.DoesNotContain(activeList.EnumerateArray(), s => s.Str("id") == id);

        var resumed = await _schedules.PostAsync(id, "resume");
        Assert.Equal("active", resumed.Str("status"));
        Assert.True(ScheduleClient.Time(resumed, "next_run_at") > DateTimeOffset.UtcNow);
        await (await _schedules.Http.PostAsync($"/api/v1/schedules/{id}/resume", null)).AssertProblemAsync(HttpStatusCode.Conflict, "invalid_transition");

        Assert.Equal(HttpStatusCode.NoContent, (await _schedules.Http.DeleteAsync($"/api/v1/schedules/{id}")).StatusCode);
        await (await _schedules.Http.GetAsync($"/api/v1/schedules/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _schedules.Http.DeleteAsync($"/api/v1/schedules/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        var all = await (await _schedules.Http.GetAsync("/api/v1/schedules")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.DoesNotContain(all.EnumerateArray(), s => s.Str("id") == id);
    }

    [Fact]
    public async Task Unknown_schedules_are_404_on_every_route()
    {
        var id = ClawApi.NewId("sched");
        await (await _schedules.Http.GetAsync($"/api/v1/schedules/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        foreach (var action in new[] { "pause", "resume", "trigger" })
        {
            await (await _schedules.Http.PostAsync($"/api/v1/schedules/{id}/{action}", null)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        await (await _schedules.Http.DeleteAsync($"/api/v1/schedules/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("2027-01-02T00:00:00Z", "2027-01-04T08:30:00.000Z")] // Saturday → Monday 09:30 CET
    [InlineData("2027-03-26T09:00:00Z", "2027-03-29T07:30:00.000Z")] // Friday after 09:30 → Monday 09:30 CEST, across the DST change
    [InlineData("2027-07-05T07:29:00Z", "2027-07-05T07:30:00.000Z")] // Monday just before 09:30 CEST
    public async Task A_weekday_cron_in_Berlin_runs_next_at_half_past_nine_local_time(string startAt, string expected)
    {
        var id = ClawApi.NewId("sched");
        var created = await _schedules.CreateAsync(ScheduleClient.Body(id, ClawApi.NewId("q"),
            """ "cron":"30 9 * * 1-5","time_zone":"Europe/Berlin" """, $$""","start_at":"{{startAt}}" """));
        Assert.Equal("30 9 * * 1-5", created.Str("cron"));
        Assert.Equal("Europe/Berlin", created.Str("time_zone"));
        Assert.Equal(expected, created.Str("next_run_at"));
        Assert.Equal(expected, (await _schedules.GetAsync(id)).Str("next_run_at"));
    }

    [Fact]
    public async Task The_next_run_of_a_cron_from_now_is_the_next_weekday_half_past_nine_in_Berlin()
    {
        var before = DateTimeOffset.UtcNow;
        var created = await _schedules.CreateAsync(ScheduleClient.Body(ClawApi.NewId("sched"), ClawApi.NewId("q"),
            """ "cron":"30 9 * * 1-5","time_zone":"Europe/Berlin" """));
        var next = ScheduleClient.Time(created, "next_run_at");
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var local = TimeZoneInfo.ConvertTime(next, berlin);
        Assert.Equal((9, 30), (local.Hour, local.Minute));
        Assert.NotEqual(DayOfWeek.Saturday, local.DayOfWeek);
        Assert.NotEqual(DayOfWeek.Sunday, local.DayOfWeek);
        Assert.True(next > before && next - before <= TimeSpan.FromDays(3.1), $"{next:O} is not the next weekday 09:30 after {before:O}");
    }

    [Fact]
    public async Task An_interval_with_a_future_start_runs_first_at_the_start()
    {
        var startAt = DateTimeOffset.UtcNow.AddDays(2);
        var created = await _schedules.CreateAsync(ScheduleClient.Body(ClawApi.NewId("sched"), ClawApi.NewId("q"),
            "\"interval_seconds\":90", $$""","start_at":"{{startAt:O}}","paused":false""" ));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(startAt.ToUnixTimeMilliseconds()), ScheduleClient.Time(created, "next_run_at"));
    }

    [Theory]
    [InlineData("""{"name":"x","cron":"61 * * * *","task":{}}""", "cron")]
    [InlineData("""{"name":"x","cron":"* * * * * *","task":{}}""", "cron")]
    [InlineData("""{"name":"x","cron":"0 0 30 2 *","task":{}}""", "cron")]
    [InlineData("""{"name":"x","cron":"0 * * * *","interval_seconds":60,"task":{}}""", "interval_seconds")]
    [InlineData("""{"name":"x","task":{}}""", "cron")]
    [InlineData("""{"name":"x","interval_seconds":0,"task":{}}""", "interval_seconds")]
    [InlineData("""{"name":"x","cron":"0 9 * * *","time_zone":"Mars/Olympus_Mons","task":{}}""", "time_zone")]
    [InlineData("""{"name":"x","interval_seconds":60}""", "task")]
    [InlineData("""{"name":"x","interval_seconds":60,"task":{"timeout_seconds":0}}""", "task.timeout_seconds")]
    [InlineData("""{"name":"x","interval_seconds":60,"task":{"queue":"a/b"}}""", "task.queue")]
    [InlineData("""{"name":"x","interval_seconds":60,"task":{"payload":[1]}}""", "task.payload")]
    [InlineData("""{"name":"x","interval_seconds":60,"task":{"run_at":"2030-01-01T00:00:00Z"}}""", "task.run_at")]
    [InlineData("""{"name":"x","interval_seconds":60,"task":{"priority":"urgent"}}""", "task.priority")]
    [InlineData("""{"name":"x","interval_seconds":60,"task":{},"overlap_policy":"queue_all"}""", "overlap_policy")]
    [InlineData("""{"name":"x","interval_seconds":60,"task":{},"catchup_window_seconds":-1}""", "catchup_window_seconds")]
    [InlineData("""{"name":"","interval_seconds":60,"task":{}}""", "name")]
    [InlineData("""{"name":"x","interval_seconds":60,"task":{},"start_at":"0001-01-01T00:00:00Z"}""", "start_at")]
    public async Task An_invalid_schedule_is_400_naming_the_field_and_nothing_is_created(string body, string field)
    {
        var id = ClawApi.NewId("sched");
        var response = await _schedules.Http.PostJsonAsync("/api/v1/schedules", body.Replace("{\"name\"", "{\"id\":\"" + id + "\",\"name\"", StringComparison.Ordinal));
        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");
        await (await _schedules.Http.GetAsync($"/api/v1/schedules/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task The_same_idempotency_key_replays_the_schedule_and_another_body_conflicts()
    {
        var key = Guid.NewGuid().ToString();
        var body = $$$"""{"name":"nightly","cron":"0 2 * * *","task":{"queue":"{{{ClawApi.NewId("q")}}}"}}""";
        var first = await _schedules.CreateAsync(body, key);

        using var again = new HttpRequestMessage(HttpMethod.Post, "/api/v1/schedules") { Content = HttpAssertions.Json(body) };
        again.Headers.Add("Idempotency-Key", key);
        var replay = await _schedules.Http.SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replay").Single());
        Assert.Equal(first.Str("id"), (await replay.ReadJsonAsync()).Str("id"));

        using var other = new HttpRequestMessage(HttpMethod.Post, "/api/v1/schedules") { Content = HttpAssertions.Json(body.Replace("0 2", "0 3", StringComparison.Ordinal)) };
        other.Headers.Add("Idempotency-Key", key);
        await (await _schedules.Http.SendAsync(other)).AssertProblemAsync(HttpStatusCode.Conflict, "idempotency_conflict");

        // A client's own id behaves the same way.
        var id = ClawApi.NewId("sched");
        var own = ScheduleClient.Body(id, ClawApi.NewId("q"), "\"interval_seconds\":600");
        await _schedules.CreateAsync(own);
        Assert.Equal(HttpStatusCode.OK, (await _schedules.Http.PostJsonAsync("/api/v1/schedules", own)).StatusCode);
        await (await _schedules.Http.PostJsonAsync("/api/v1/schedules", own.Replace("600", "601", StringComparison.Ordinal)))
            .AssertProblemAsync(HttpStatusCode.Conflict, "idempotency_conflict");
    }

    [Fact]
    public async Task Lists_page_with_a_cursor()
    {
        var ids = new HashSet<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await _schedules.CreateAsync(ScheduleClient.Body(ClawApi.NewId("sched"), ClawApi.NewId("q"), "\"interval_seconds\":3600"))).Str("id"));
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await _schedules.Http.GetAsync($"/api/v1/schedules?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}")).EnsureSuccessStatusCode().ReadJsonAsync();
            Assert.True(page.GetProperty("items").GetArrayLength() <= 2);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(s => s.Str("id")));
            cursor = page.GetProperty("next_cursor").ValueKind == JsonValueKind.Null ? null : page.Str("next_cursor");
        }
        while (cursor is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Superset(ids, seen.ToHashSet());
        await (await _schedules.Http.GetAsync("/api/v1/schedules?limit=0")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await _schedules.Http.GetAsync("/api/v1/schedules?status=sleeping")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }
}

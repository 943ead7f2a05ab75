using System.Net;
using System.Text.Json;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.FlowControl;

/// <summary>Queues as resources over HTTP: settings, depth per priority, pause, and max_pending shedding by priority.</summary>
[Collection(FlowCollection.Name)]
public sealed class QueueResourceTests(FlowFixture fixture)
{
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public async Task A_flood_of_low_submits_past_max_pending_is_refused_429_queue_full_while_critical_ones_are_still_accepted()
    {
        var queue = ClawApi.NewId("shed");
        (await PutAsync(queue, """{"max_pending":10}""")).EnsureSuccessStatusCode();

        var low = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => SubmitAsync(queue, "low")));
        Assert.Equal(7, low.Count(r => r.StatusCode == HttpStatusCode.Created)); // low fills 70 % of max_pending
        var refused = low.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "queue_full");
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        var critical = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            critical.Add((await SubmitAsync(queue, "critical")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], critical);
        var view = await GetAsync(queue);
        Assert.Equal(10, view.GetProperty("pending").GetInt32());
        Assert.Equal((7, 0, 3), (Depth(view, "low"), Depth(view, "normal"), Depth(view, "critical")));
        Assert.True(view.GetProperty("oldest_age_seconds").GetDouble() >= 0);
        Assert.Equal(0, view.GetProperty("in_flight").GetInt32());
        Assert.Contains("claw_queue_shed", await (await _api.Http.GetAsync("/metrics")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_task_that_leaves_pending_makes_room_for_the_next_submit()
    {
        var queue = ClawApi.NewId("room");
        (await PutAsync(queue, """{"max_pending":1}""")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(queue, "critical")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SubmitAsync(queue, "critical")).StatusCode);

        var node = await _api.RegisterNodeAsync(online: true);
        await _api.PollOneAsync(node, queue);
        var view = await GetAsync(queue);
        Assert.Equal((0, 1), (view.GetProperty("pending").GetInt32(), view.GetProperty("in_flight").GetInt32()));
        await Eventually.Until(async () => (await SubmitAsync(queue, "critical")).StatusCode, s => s == HttpStatusCode.Created, TimeSpan.FromSeconds(30), "a submit admitted after the pending task was leased");
    }

    [Fact]
    public async Task Put_and_get_show_the_settings_a_paused_queue_hands_out_nothing_and_resuming_wakes_the_waiting_node()
    {
        var queue = ClawApi.NewId("pause");
        var put = await (await PutAsync(queue, """{"max_pending":100,"default_ttl_seconds":3600,"max_concurrent":4,"non_retriable_codes":["bad_input"],"paused":true}""")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal((100, 3600, 4, true, true), (put.GetProperty("max_pending").GetInt32(), put.GetProperty("default_ttl_seconds").GetInt32(),
            put.GetProperty("max_concurrent").GetInt32(), put.GetProperty("paused").GetBoolean(), put.GetProperty("configured").GetBoolean()));
        Assert.Equal(["bad_input"], put.GetProperty("non_retriable_codes").EnumerateArray().Select(c => c.GetString()));

        var task = await _api.SubmitAsync(queue);
        Assert.NotEqual(JsonValueKind.Null, task.GetProperty("expires_at").ValueKind); // the queue's default TTL
        Assert.Equal(["bad_input"], task.GetProperty("non_retriable_codes").EnumerateArray().Select(c => c.GetString()));
        var node = await _api.RegisterNodeAsync(online: true);
        Assert.Empty(await _api.PollAsync(node, queue, max: 1, wait: 1));

        var waiting = _api.PollAsync(node, queue, max: 1, wait: 20);
        await Task.Delay(300); // let the poll start waiting; the assertion does not depend on it
        (await PutAsync(queue, """{"max_pending":100,"paused":false}""")).EnsureSuccessStatusCode();
        Assert.Equal(task.Str("id"), Assert.Single(await waiting).Str("task_id"));

        var listed = await (await _api.Http.GetAsync("/api/v1/queues")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), q => q.Str("name") == queue && q.GetProperty("in_flight").GetInt32() == 1);
        var unknown = await GetAsync(ClawApi.NewId("never-put"));
        Assert.False(unknown.GetProperty("configured").GetBoolean());
    }

    [Fact]
    public async Task Bad_settings_and_bad_submits_are_refused_with_validation_failed()
    {
        var queue = ClawApi.NewId("bad");
        await (await PutAsync(queue, """{"max_pending":0}""")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await PutAsync(queue, """{"default_ttl_seconds":-1}""")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await PutAsync("-bad", """{}""")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        foreach (var extra in new[] { "\"ttl_seconds\":0", "\"concurrency_key\":\"k\"", "\"concurrency_limit\":2", "\"concurrency_key\":\"bad key\",\"concurrency_limit\":1" })
        {
            await (await _api.Http.PostJsonAsync("/api/v1/tasks", $$"""{"queue":"{{queue}}",{{extra}}}""")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        }
    }

    private Task<HttpResponseMessage> PutAsync(string queue, string body) => _api.Http.PutAsync($"/api/v1/queues/{queue}", HttpAssertions.Json(body));

    private async Task<JsonElement> GetAsync(string queue) => await (await _api.Http.GetAsync($"/api/v1/queues/{queue}")).EnsureSuccessStatusCode().ReadJsonAsync();

    private Task<HttpResponseMessage> SubmitAsync(string queue, string priority) =>
        _api.Http.PostJsonAsync("/api/v1/tasks", $$"""{"queue":"{{queue}}","type":"t","priority":"{{priority}}"}""");

    private static int Depth(JsonElement view, string priority) => view.GetProperty("depth").GetProperty(priority).GetInt32();
}

using System.Text.Json;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.FlowControl;

/// <summary>Task TTL over HTTP: a task still waiting past its expires_at ends expired, with its event and its callback.</summary>
[Collection(FlowCollection.Name)]
public sealed class ExpiryTests(FlowFixture fixture)
{
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public async Task A_task_past_its_ttl_ends_expired_and_its_submitter_hears_by_event_and_callback()
    {
        await using var receiver = await CallbackReceiver.StartAsync(FreePort.Next());
        var queue = ClawApi.NewId("ttl");
        var task = await _api.SubmitAsync(queue, $$""","ttl_seconds":1,"callback_url":"{{receiver.Url}}","callback_secret":"expiry-test-secret-0123456789abcdef" """);
        var id = task.Str("id");
        Assert.True(task.GetProperty("expires_at").GetDateTimeOffset() > task.GetProperty("created_at").GetDateTimeOffset());

        await Eventually.Until(() => _api.StatusAsync(id), s => s == "expired", TimeSpan.FromSeconds(60), "the task to expire");
        Assert.Equal("expired", (await _api.TimelineAsync(id))[^1]);
        var events = await (await _api.Http.GetAsync($"/api/v1/swarm/timeline?task_id={id}&event_type=task.expired")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Single(events.GetProperty("items").EnumerateArray());
        var deliveries = await Eventually.Until(async () => (await _api.Http.GetAsync($"/api/v1/tasks/{id}/callbacks")).Content.ReadAsStringAsync().Result,
            d => d.Contains("task.expired", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "the expiry callback owed");
        var callback = await Eventually.Until(() => Task.FromResult(receiver.Delivered.FirstOrDefault(c => c.TaskId == id)), c => c is not null, TimeSpan.FromSeconds(60), "the expiry callback delivered: " + deliveries);
        Assert.Equal(("task.expired", "expired"), (callback!.Json.Str("event"), callback.Json.GetProperty("task").Str("status")));

        // An expired task is never handed out afterwards.
        var node = await _api.RegisterNodeAsync(online: true);
        Assert.Empty(await _api.PollAsync(node, queue, max: 1, wait: 1));
    }

    [Fact]
    public async Task A_queue_default_ttl_applies_when_the_submit_names_none_and_a_take_never_leases_an_expired_task()
    {
        var queue = ClawApi.NewId("ttl-default");
        (await _api.Http.PutAsync($"/api/v1/queues/{queue}", HttpAssertions.Json("""{"default_ttl_seconds":1}"""))).EnsureSuccessStatusCode();
        var expiring = (await _api.SubmitAsync(queue)).Str("id");
        var lasting = await _api.SubmitAsync(queue, ""","ttl_seconds":3600""");
        Assert.Equal(JsonValueKind.String, lasting.GetProperty("expires_at").ValueKind);

        await Eventually.Until(() => _api.StatusAsync(expiring), s => s == "expired", TimeSpan.FromSeconds(60), "the task to expire by the queue's default");
        var node = await _api.RegisterNodeAsync(online: true);
        Assert.Equal(lasting.Str("id"), (await _api.PollOneAsync(node, queue)).Str("task_id"));
        // The counter is added right after the expiry's write, and the exporter caches a scrape briefly. On a timeout
        // the message shows the task series the scrape did have.
        await Eventually.Until(async () => TaskSeries(await (await _api.Http.GetAsync("/metrics")).Content.ReadAsStringAsync()),
            metrics => metrics.Contains("claw_tasks_expired", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "claw_tasks_expired on /metrics");
    }

    private static string TaskSeries(string metrics) =>
        string.Join(" | ", metrics.Split('\n').Where(line => line.StartsWith("claw_tasks_", StringComparison.Ordinal)));
}

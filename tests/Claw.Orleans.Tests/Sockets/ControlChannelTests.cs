using System.Net;
using System.Net.WebSockets;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Sockets;

/// <summary>The WebSocket control channel on a real Kestrel port, driven the way the ClawBot example bot drives it.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ControlChannelTests(GatewayFixture fixture)
{
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public async Task The_ClawBot_example_bot_completes_an_assigned_task_over_the_socket()
    {
        var bot = await _api.RegisterNodeAsync();
        await using var ws = await WsClient.ConnectAsync(fixture.Host.BaseAddress, bot);
        var connected = await ws.ExpectAsync("connected");
        Assert.Equal(bot, connected.GetProperty("payload").Str("bot_id"));
        Assert.Equal(30, connected.GetProperty("payload").GetProperty("heartbeat_interval_seconds").GetInt32());

        // ClawBot style: a manual task assigned to the bot by id.
        var task = await _api.SubmitAsync(ClawApi.NewId("q"), ""","dispatch":"manual","payload":{"prompt":"hello"}""");
        (await _api.Http.PostJsonAsync($"/api/v1/tasks/{task.Str("id")}/assign", $$"""{"bot_id":"{{bot}}"}""")).EnsureSuccessStatusCode();

        var assigned = await ws.ExpectAsync("task_assigned");
        var payload = assigned.GetProperty("payload");
        Assert.Equal(task.Str("id"), payload.Str("task_id"));
        Assert.Equal("hello", payload.GetProperty("task_payload").Str("prompt"));
        Assert.Equal(task.Str("correlation_id"), assigned.Str("correlation_id"));
        await ws.SendAsync("task_complete", new { task_id = task.Str("id"), success = true, result = new { answer = 42 } });

        await Eventually.Until(() => _api.StatusAsync(task.Str("id")), s => s == "completed", TimeSpan.FromSeconds(10), "the task to complete");
        var done = await _api.TaskAsync(task.Str("id"));
        Assert.Equal(42, done.GetProperty("result").GetProperty("answer").GetInt32());
    }

    [Fact]
    public async Task Matching_work_is_pushed_to_an_idle_connected_node_and_a_failure_frame_retries_it()
    {
        var queue = ClawApi.NewId("q");
        var bot = await _api.RegisterNodeAsync("""["python"]""");
        await using var ws = await WsClient.ConnectAsync(fixture.Host.BaseAddress, bot, $"&queues={queue}");
        await ws.ExpectAsync("connected");

        var task = await _api.SubmitAsync(queue, ""","required_capabilities":["python"],"retry_backoff":{"initial_seconds":0}""");
        var first = (await ws.ExpectAsync("task_assigned")).GetProperty("payload");
        Assert.Equal(task.Str("id"), first.Str("task_id"));
        await ws.SendAsync("task_complete", new { task_id = task.Str("id"), success = false, error = "flaky" });

        var second = (await ws.ExpectAsync("task_assigned")).GetProperty("payload");
        Assert.Equal(task.Str("id"), second.Str("task_id"));
        Assert.Equal(2, second.GetProperty("attempt").GetInt32());
        await ws.SendAsync("task_started", new { task_id = task.Str("id") });
        await ws.SendAsync("task_progress", new { task_id = task.Str("id"), percent = 50, message = "half" });
        await ws.SendAsync("task_complete", new { task_id = task.Str("id"), success = true, result = new { ok = true } });
        await Eventually.Until(() => _api.StatusAsync(task.Str("id")), s => s == "completed", TimeSpan.FromSeconds(10), "the retried task to complete");
        var timeline = await _api.TimelineAsync(task.Str("id"));
        Assert.Contains("retry_scheduled", timeline);
        Assert.Contains("progress", timeline);
    }

    [Fact]
    public async Task Heartbeat_ready_and_lease_renew_are_answered()
    {
        var queue = ClawApi.NewId("q");
        var bot = await _api.RegisterNodeAsync(slots: 2);
        await using var ws = await WsClient.ConnectAsync(fixture.Host.BaseAddress, bot, $"&queues={queue}");
        await ws.ExpectAsync("connected");
        await ws.SendAsync("""{"type":"heartbeat","payload":{}}""");
        await ws.ExpectAsync("heartbeat_ack");

        await ws.SendAsync("""{"type":"ready","payload":{"slots":0}}""");
        await ws.SendAsync("""{"type":"heartbeat","payload":{}}""");
        await ws.ExpectAsync("heartbeat_ack"); // frames are handled in order: ready has taken effect
        var task = await _api.SubmitAsync(queue);
        await Task.Delay(500);
        Assert.Equal("pending", await _api.StatusAsync(task.Str("id")));

        await ws.SendAsync("""{"type":"ready","payload":{"slots":1}}""");
        var assigned = (await ws.ExpectAsync("task_assigned")).GetProperty("payload");
        await ws.SendAsync("lease_renew", new { lease_id = assigned.Str("lease_id") });
        var renewed = (await ws.ExpectAsync("lease_renewed")).GetProperty("payload");
        Assert.Equal(assigned.Str("lease_id"), renewed.Str("lease_id"));
    }

    [Fact]
    public async Task Cancelling_a_task_tells_the_holder_and_a_late_result_is_rejected()
    {
        var queue = ClawApi.NewId("q");
        var bot = await _api.RegisterNodeAsync();
        await using var ws = await WsClient.ConnectAsync(fixture.Host.BaseAddress, bot, $"&queues={queue}");
        await ws.ExpectAsync("connected");
        var task = await _api.SubmitAsync(queue);
        var assigned = await ws.ExpectAsync("task_assigned");

        (await _api.Http.PostJsonAsync($"/api/v1/tasks/{task.Str("id")}/cancel", """{"reason":"not needed"}""")).EnsureSuccessStatusCode();
        var cancelled = await ws.ExpectAsync("task_cancelled");
        Assert.Equal(task.Str("id"), cancelled.GetProperty("payload").Str("task_id"));
        Assert.Equal(assigned.Str("correlation_id"), cancelled.Str("correlation_id"));

        await ws.SendAsync("task_complete", new { task_id = task.Str("id"), success = true });
        var rejected = (await ws.ExpectAsync("result_rejected")).GetProperty("payload");
        Assert.Equal(task.Str("id"), rejected.Str("task_id"));
        Assert.Equal("lease_revoked", rejected.Str("code"));
        Assert.Equal("cancelled", await _api.StatusAsync(task.Str("id")));
    }

    [Fact]
    public async Task A_second_connection_replaces_the_first_and_only_it_receives_work()
    {
        var queue = ClawApi.NewId("q");
        var bot = await _api.RegisterNodeAsync();
        await using var first = await WsClient.ConnectAsync(fixture.Host.BaseAddress, bot, $"&queues={queue}");
        await first.ExpectAsync("connected");
        await using var second = await WsClient.ConnectAsync(fixture.Host.BaseAddress, bot, $"&queues={queue}");
        await second.ExpectAsync("connected");

        var before = await first.UntilClosedAsync();
        Assert.Equal((WebSocketCloseStatus)4001, first.CloseStatus);
        Assert.Contains("replaced", first.CloseReason, StringComparison.Ordinal);
        Assert.DoesNotContain(before, f => f.Str("type") == "task_assigned");

        var task = await _api.SubmitAsync(queue);
        Assert.Equal(task.Str("id"), (await second.ExpectAsync("task_assigned")).GetProperty("payload").Str("task_id"));
        var sessions = await (await _api.Http.GetAsync("/api/v1/ws/connections")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Single(sessions.GetProperty("items").EnumerateArray(), s => s.Str("bot_id") == bot);
        Assert.Single(sessions.GetProperty("bot_ids").EnumerateArray(), b => b.GetString() == bot);
    }

    [Fact]
    public async Task A_dropped_connection_keeps_its_lease_and_reconnect_delivers_what_was_missed()
    {
        var queue = ClawApi.NewId("q");
        var bot = await _api.RegisterNodeAsync();
        var task = await _api.SubmitAsync(queue);
        var poll = await _api.PollOneAsync(bot, queue, wait: 5); // leased over HTTP: never received on a socket

        await using var ws = await WsClient.ConnectAsync(fixture.Host.BaseAddress, bot, $"&queues={queue}");
        await ws.ExpectAsync("connected");
        await ws.SendAsync("""{"type":"reconnect","payload":{"last_received_id":"0","offline_since_ms":5000}}""");
        var again = await ws.ExpectAsync("task_assigned");
        Assert.Equal(poll.Str("lease_id"), again.GetProperty("payload").Str("lease_id"));
        var ack = (await ws.ExpectAsync("reconnect_ack")).GetProperty("payload");
        Assert.Equal(1, ack.GetProperty("queued_count").GetInt32());
        Assert.Equal(0, ack.GetProperty("expired_count").GetInt32());
        await ws.DisposeAsync();

        // Gone without a word: the lease runs on, and the node finishes the task on its next connection.
        Assert.Equal("assigned", await _api.StatusAsync(task.Str("id")));
        await using var back = await WsClient.ConnectAsync(fixture.Host.BaseAddress, bot, $"&queues={queue}");
        await back.ExpectAsync("connected");
        var frameId = again.Str("id");
        await back.SendAsync("reconnect", new { last_received_id = frameId, offline_since_ms = 1000 });
        Assert.Equal(0, (await back.ExpectAsync("reconnect_ack")).GetProperty("payload").GetProperty("queued_count").GetInt32());
        await back.SendAsync("task_complete", new { task_id = task.Str("id"), success = true });
        await Eventually.Until(() => _api.StatusAsync(task.Str("id")), s => s == "completed", TimeSpan.FromSeconds(10), "the task to complete after the reconnect");
    }

    [Fact]
    public async Task Broadcast_pushes_a_leased_task_to_its_node_again()
    {
        var queue = ClawApi.NewId("q");
        var bot = await _api.RegisterNodeAsync();
        await using var ws = await WsClient.ConnectAsync(fixture.Host.BaseAddress, bot, $"&queues={queue}");
        await ws.ExpectAsync("connected");
        var task = await _api.SubmitAsync(queue);
        await ws.ExpectAsync("task_assigned");

        var response = await _api.Http.PostAsync($"/api/v1/ws/broadcast/task/{task.Str("id")}", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(task.Str("id"), (await ws.ExpectAsync("task_assigned")).GetProperty("payload").Str("task_id"));

        var pending = await _api.SubmitAsync(ClawApi.NewId("other"));
        await (await _api.Http.PostAsync($"/api/v1/ws/broadcast/task/{pending.Str("id")}", null)).AssertProblemAsync(HttpStatusCode.Conflict, "task_not_assigned");
        await (await _api.Http.PostAsync("/api/v1/ws/broadcast/task/task-unknown", null)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}

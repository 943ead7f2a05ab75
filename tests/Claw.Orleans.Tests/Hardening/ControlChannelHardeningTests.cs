using System.Net.WebSockets;
using System.Text;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Hardening;

/// <summary>
/// Issue 23, parts 4 and 5: frames pass the rules HTTP bodies pass (ids, text, documents), a frame id is checked
/// before it is echoed, a bad <c>reconnect</c> is an error frame, and a text frame that is not UTF-8 closes with 1007.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ControlChannelHardeningTests(GatewayFixture fixture)
{
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public async Task A_task_id_or_lease_id_that_breaks_the_id_rule_is_refused_before_any_grain_and_the_session_lives_on()
    {
        await using var ws = await ConnectedAsync();
        foreach (var frame in new[] { "task_started", "task_progress", "task_complete", "task_failed" })
        {
            await ws.SendAsync(frame, new { task_id = new string('t', 100_000), percent = 1, error = "x" });
            var refusal = (await ws.ExpectAsync("error")).GetProperty("payload");
            Assert.Equal("validation_failed", refusal.Str("code"));
            Assert.Contains("task_id", refusal.Str("message"), StringComparison.Ordinal);
            Assert.True(refusal.GetRawText().Length < 1_000, "the id is not echoed back");
        }

        await ws.SendAsync("task_started", new { task_id = "bad id!" });
        Assert.Equal("validation_failed", (await ws.ExpectAsync("error")).GetProperty("payload").Str("code"));
        await ws.SendAsync("task_complete", new { task_id = "task-x", lease_id = "bad lease!", success = true });
        Assert.Contains("lease_id", (await ws.ExpectAsync("error")).GetProperty("payload").Str("message"), StringComparison.Ordinal);
        await ws.SendAsync("lease_renew", new { lease_id = new string('l', 50_000) });
        Assert.Equal("validation_failed", (await ws.ExpectAsync("error")).GetProperty("payload").Str("code"));

        await ws.SendAsync("heartbeat", new { });
        await ws.ExpectAsync("heartbeat_ack");
    }

    [Fact]
    public async Task A_frame_id_is_echoed_only_when_it_keeps_the_id_rule()
    {
        await using var ws = await ConnectedAsync();
        await ws.SendAsync("{\"type\":\"teleport\",\"id\":\"" + new string('i', 500_000) + "\",\"payload\":{}}");
        var refusal = (await ws.ExpectAsync("error")).GetProperty("payload");
        Assert.Equal("validation_failed", refusal.Str("code"));
        Assert.False(refusal.TryGetProperty("reply_to", out var replyTo) && replyTo.ValueKind == System.Text.Json.JsonValueKind.String, "the huge id is not echoed");

        await ws.SendAsync("""{"type":"teleport","id":"frame-7","payload":{}}""");
        Assert.Equal("frame-7", (await ws.ExpectAsync("error")).GetProperty("payload").Str("reply_to"));
    }

    [Theory]
    [InlineData(9_000_000_000_000_000_000)]
    [InlineData(-5)]
    [InlineData(253_402_300_800_000)]
    public async Task A_reconnect_with_an_impossible_offline_time_is_an_error_frame_and_the_session_lives_on(long offlineSinceMs)
    {
        await using var ws = await ConnectedAsync();
        await ws.SendAsync("reconnect", new { last_received_id = 0, offline_since_ms = offlineSinceMs });
        var refusal = (await ws.ExpectAsync("error")).GetProperty("payload");
        Assert.Equal("validation_failed", refusal.Str("code"));
        Assert.Contains("offline_since_ms", refusal.Str("message"), StringComparison.Ordinal);

        await ws.SendAsync("reconnect", new { last_received_id = 0, offline_since_ms = 5_000 });
        await ws.ExpectAsync("reconnect_ack");
        Assert.Equal(WebSocketState.Open, ws.State);
    }

    [Fact]
    public async Task A_text_frame_that_is_not_utf8_closes_the_session_with_1007()
    {
        await using var ws = await ConnectedAsync();
        byte[] frame = [.. Encoding.UTF8.GetBytes("""{"type":"heartbeat","payload":{"x":" """), 0xff, 0xfe, .. Encoding.UTF8.GetBytes("\"}}")];
        await ws.SendRawAsync(frame, WebSocketMessageType.Text);
        await ws.UntilClosedAsync();
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, ws.CloseStatus);
        (await _api.Http.GetAsync("/health/ready")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Results_and_progress_over_the_socket_pass_the_document_rules_of_http()
    {
        var (ws, task) = await AssignedAsync();
        await using var session = ws;

        await ws.SendAsync("{\"type\":\"task_progress\",\"payload\":{\"task_id\":\"" + task + "\",\"percent\":5,\"data\":{\"x\":\"\\ud800\"}}}");
        Assert.Equal("validation_failed", (await ws.ExpectAsync("error")).GetProperty("payload").Str("code"));
        await ws.SendAsync("{\"type\":\"task_complete\",\"payload\":{\"task_id\":\"" + task + "\",\"success\":true,\"result\":" + JsonShapes.Deep(33) + "}}");
        Assert.Contains("32", (await ws.ExpectAsync("error")).GetProperty("payload").Str("message"), StringComparison.Ordinal);
        await ws.SendAsync("task_complete", new { task_id = task, success = true, result = new { pad = new string('r', 300_000) } });
        Assert.Equal("payload_too_large", (await ws.ExpectAsync("error")).GetProperty("payload").Str("code"));
        await ws.SendAsync("{\"type\":\"task_failed\",\"payload\":{\"task_id\":\"" + task + "\",\"error\":\"x\\udc00\"}}");
        Assert.Equal("validation_failed", (await ws.ExpectAsync("error")).GetProperty("payload").Str("code"));

        Assert.Equal("assigned", await _api.StatusAsync(task));
        await ws.SendAsync("task_complete", new { task_id = task, success = true, result = new { ok = true } });
        await Eventually.Until(() => _api.StatusAsync(task), s => s == "completed", TimeSpan.FromSeconds(10), "the valid result accepted");
    }

    [Theory]
    [InlineData("&queues=bad/queue")]
    [InlineData("&queues=ok,-leading-dash")]
    [InlineData("&queues=" + "q0,q1,q2,q3,q4,q5,q6,q7,q8,q9,q10,q11,q12,q13,q14,q15,q16,q17,q18,q19,q20,q21,q22,q23,q24,q25,q26,q27,q28,q29,q30,q31,q32")]
    public async Task The_queues_of_a_channel_pass_the_rule_of_a_polls_queues_before_the_upgrade(string query)
    {
        await using var refused = await WsClient.TryConnectAsync(fixture.Host.BaseAddress, await _api.RegisterNodeAsync(), query: query);
        Assert.Equal(422, (int?)refused.RefusedWith);
    }

    [Fact]
    public async Task Numbers_and_yes_or_no_of_the_wrong_kind_are_refused_never_read_as_a_default()
    {
        var (ws, task) = await AssignedAsync();
        await using var session = ws;

        foreach (var percent in new[] { "50.7", "1e400", "\"fifty\"", "true" })
        {
            await ws.SendAsync("{\"type\":\"task_progress\",\"payload\":{\"task_id\":\"" + task + "\",\"percent\":" + percent + "}}");
            var refusal = (await ws.ExpectAsync("error")).GetProperty("payload");
            Assert.Equal("validation_failed", refusal.Str("code"));
            Assert.Contains("percent", refusal.Str("message"), StringComparison.Ordinal);
        }

        await ws.SendAsync("ready", new { slots = 1.5 });
        Assert.Equal("validation_failed", (await ws.ExpectAsync("error")).GetProperty("payload").Str("code"));
        await ws.SendAsync("task_complete", new { task_id = task, success = "maybe", result = new { ok = true } });
        Assert.Contains("success", (await ws.ExpectAsync("error")).GetProperty("payload").Str("message"), StringComparison.Ordinal);
        await ws.SendAsync("task_failed", new { task_id = task, error = "boom", retriable = 0 });
        Assert.Contains("retriable", (await ws.ExpectAsync("error")).GetProperty("payload").Str("message"), StringComparison.Ordinal);
        await ws.SendAsync("task_failed", new { task_id = task, error = "   " });
        Assert.Contains("error", (await ws.ExpectAsync("error")).GetProperty("payload").Str("message"), StringComparison.Ordinal);
        await ws.SendAsync("task_complete", new { task_id = task, lease_token = "", success = true });
        Assert.Contains("lease_token", (await ws.ExpectAsync("error")).GetProperty("payload").Str("message"), StringComparison.Ordinal);
        await ws.SendAsync("task_progress", new { task_id = task, percent = "40" }); // numbers as text, as ClawBot clients send them
        await Eventually.Until(async () => (await _api.TaskAsync(task)).GetProperty("progress"), p => p.ValueKind == System.Text.Json.JsonValueKind.Object && p.GetProperty("percent").GetInt32() == 40,
            TimeSpan.FromSeconds(10), "the progress taken");

        // A yes/no sent as text is read as what it says: "false" fails the task, it does not complete it.
        await ws.SendAsync("task_complete", new { task_id = task, success = "false", error = "it broke" });
        await Eventually.Until(() => _api.StatusAsync(task), s => s is "pending" or "failed", TimeSpan.FromSeconds(10), "the failure taken");
        Assert.NotEqual("completed", await _api.StatusAsync(task));
    }

    /// <summary>A node's channel holding one task, pushed to it.</summary>
    private async Task<(WsClient Ws, string Task)> AssignedAsync()
    {
        var queue = ClawApi.NewId("q");
        var node = await _api.RegisterNodeAsync();
        var task = (await _api.SubmitAsync(queue)).Str("id");
        var ws = await WsClient.ConnectAsync(fixture.Host.BaseAddress, node, $"&queues={queue}");
        await ws.ExpectAsync("task_assigned");
        return (ws, task);
    }

    private async Task<WsClient> ConnectedAsync()
    {
        var ws = await WsClient.ConnectAsync(fixture.Host.BaseAddress, await _api.RegisterNodeAsync(), $"&queues={ClawApi.NewId("q")}");
        await ws.ExpectAsync("connected");
        return ws;
    }
}

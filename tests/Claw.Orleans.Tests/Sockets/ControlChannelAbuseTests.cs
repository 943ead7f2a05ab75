using System.Net;
using System.Net.WebSockets;
using System.Text;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Sockets;

/// <summary>Bad frames and abuse: a clear answer, the session (or at least the server and other sessions) unharmed.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ControlChannelAbuseTests(GatewayFixture fixture)
{
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public async Task An_unknown_node_is_refused_before_the_upgrade_with_a_problem()
    {
        await (await _api.Http.GetAsync("/api/v1/ws/control?bot_id=node-nobody")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _api.Http.GetAsync("/api/v1/ws/control")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var uri = new UriBuilder(fixture.Host.BaseAddress) { Scheme = "ws", Path = "/api/v1/ws/control", Query = "bot_id=node-nobody" }.Uri;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, socket.HttpStatusCode);
    }

    [Fact]
    public async Task Broken_unknown_and_binary_frames_get_an_error_frame_and_the_session_lives_on()
    {
        await using var ws = await Connected();
        await ws.SendAsync("{not json");
        Assert.Equal("malformed_json", (await ws.ExpectAsync("error")).GetProperty("payload").Str("code"));
        await ws.SendAsync("""{"type":"teleport","id":"f-1","payload":{}}""");
        var unknown = (await ws.ExpectAsync("error")).GetProperty("payload");
        Assert.Equal("unknown_frame_type", unknown.Str("code"));
        Assert.Equal("f-1", unknown.Str("reply_to"));
        await ws.SendAsync("""["type","heartbeat"]""");
        Assert.Equal("invalid_frame", (await ws.ExpectAsync("error")).GetProperty("payload").Str("code"));
        await ws.SendRawAsync([1, 2, 3], WebSocketMessageType.Binary);
        Assert.Equal("binary_not_supported", (await ws.ExpectAsync("error")).GetProperty("payload").Str("code"));
        await ws.SendAsync("task_progress", new { task_id = "task-x", percent = 500 });
        Assert.Equal("validation_failed", (await ws.ExpectAsync("error")).GetProperty("payload").Str("code"));

        await ws.SendAsync("heartbeat", new { });
        await ws.ExpectAsync("heartbeat_ack");
    }

    [Fact]
    public async Task A_result_for_a_task_the_node_does_not_hold_is_rejected()
    {
        var queue = ClawApi.NewId("q");
        var other = await _api.RegisterNodeAsync();
        var task = await _api.SubmitAsync(queue);
        await _api.PollOneAsync(other, queue, wait: 5);

        await using var ws = await Connected();
        await ws.SendAsync("task_complete", new { task_id = task.Str("id"), success = true });
        var rejected = (await ws.ExpectAsync("result_rejected")).GetProperty("payload");
        Assert.Equal(task.Str("id"), rejected.Str("task_id"));
        Assert.Equal("lease_not_owner", rejected.Str("code"));
        await ws.SendAsync("task_complete", new { task_id = "task-never-submitted", success = true });
        Assert.Equal("not_found", (await ws.ExpectAsync("result_rejected")).GetProperty("payload").Str("code"));
        Assert.Equal("assigned", await _api.StatusAsync(task.Str("id")));
    }

    [Fact]
    public async Task A_frame_over_one_mebibyte_closes_the_session_with_1009()
    {
        await using var ws = await Connected();
        var huge = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new { type = "heartbeat", payload = new { pad = new string('x', 1024 * 1024) } }));
        await ws.SendRawAsync(huge, WebSocketMessageType.Text);
        await ws.UntilClosedAsync();
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, ws.CloseStatus);
    }

    [Fact]
    public async Task A_flood_of_frames_closes_that_session_with_1008_and_leaves_others_alone()
    {
        await using var bystander = await Connected();
        await using var flooder = await Connected();
        var frame = Encoding.UTF8.GetBytes("""{"type":"flood","payload":{}}""");
        try
        {
            for (var i = 0; i < 5_000 && flooder.State == WebSocketState.Open; i++)
            {
                await flooder.SendRawAsync(frame, WebSocketMessageType.Text);
            }
        }
        catch (WebSocketException)
        {
            // the server closed while frames were still going out
        }

        await flooder.UntilClosedAsync();
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, flooder.CloseStatus);
        await bystander.SendAsync("heartbeat", new { });
        await bystander.ExpectAsync("heartbeat_ack");
        (await _api.Http.GetAsync("/health/ready")).EnsureSuccessStatusCode();
    }

    private async Task<WsClient> Connected()
    {
        var ws = await WsClient.ConnectAsync(fixture.Host.BaseAddress, await _api.RegisterNodeAsync(), $"&queues={ClawApi.NewId("q")}");
        await ws.ExpectAsync("connected");
        return ws;
    }
}

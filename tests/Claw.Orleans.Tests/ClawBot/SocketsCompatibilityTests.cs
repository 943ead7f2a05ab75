using System.Net;
using System.Text.Json;
using Claw.Tests.Infrastructure;
using static Claw.Tests.ClawBot.ClawBotShapes;

namespace Claw.Tests.ClawBot;

/// <summary>
/// <c>/ws/connections</c> and <c>/ws/broadcast/task/{id}</c> as ClawBot Coordinator clients use them (its
/// tests/feature/test_websocket_api.py replayed), with real WebSocket sessions: ClawBot's shapes and 404 sentences.
/// </summary>
[Collection(ClawBotCollection.Name)]
public sealed class SocketsCompatibilityTests(GatewayFixture fixture)
{
    private readonly HttpClient _http = fixture.Client;

    [Fact]
    public async Task Connections_answer_count_and_bot_ids_with_each_session_in_items()
    {
        var bot = await RegisterAsync();
        var before = Has(await GetJsonAsync("/api/v1/ws/connections"), ["count", "bot_ids", "items"]);
        Assert.DoesNotContain(bot, before.GetProperty("bot_ids").EnumerateArray().Select(b => b.GetString()));

        await using var ws = await WsClient.ConnectAsync(fixture.Host.BaseAddress, bot, $"&queues={ClawApi.NewId("q")}");
        await ws.ExpectAsync("connected");
        var during = await GetJsonAsync("/api/v1/ws/connections");
        Assert.Equal(during.GetProperty("items").GetArrayLength(), during.GetProperty("count").GetInt32());
        Assert.Contains(bot, during.GetProperty("bot_ids").EnumerateArray().Select(b => b.GetString()));
        var session = Has(during.GetProperty("items").EnumerateArray().Single(s => s.Str("bot_id") == bot), ["bot_id", "session_id", "connected_at", "gateway", "node_id", "queues"]);
        Assert.False(string.IsNullOrEmpty(session.Str("session_id")));
        Assert.Equal("online", (await GetJsonAsync($"/api/v1/bots/{bot}")).Str("status")); // a connection brings a bot online
    }

    [Fact]
    public async Task Broadcast_to_a_bot_that_is_not_connected_is_a_404_saying_so()
    {
        var workflow = await (await _http.PostJsonAsync("/api/v1/workflows", """{"name":"Test Workflow","task_payloads":[{"action":"build"}]}""")).EnsureSuccessStatusCode().ReadJsonAsync();
        var taskId = workflow.GetProperty("task_ids")[0].GetString();
        var bot = await RegisterAsync();

        var problem = await (await _http.PostAsync($"/api/v1/ws/broadcast/task/{taskId}?bot_id={bot}", null)).AssertProblemAsync(HttpStatusCode.NotFound, "node_not_connected");
        Assert.Equal("Bot not connected", problem.Str("detail"));
        Assert.Contains("not connected", problem.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broadcast_of_a_task_that_does_not_exist_is_a_404_saying_so()
    {
        const string Missing = "00000000-0000-0000-0000-000000000000";
        var bot = await RegisterAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await _http.PostAsync($"/api/v1/ws/broadcast/task/{Missing}?bot_id={bot}", null)).StatusCode); // not connected, checked first

        await using var ws = await WsClient.ConnectAsync(fixture.Host.BaseAddress, bot, $"&queues={ClawApi.NewId("q")}");
        await ws.ExpectAsync("connected");
        foreach (var path in new[] { $"/api/v1/ws/broadcast/task/{Missing}?bot_id={bot}", $"/api/v1/ws/broadcast/task/{Missing}" })
        {
            var problem = await (await _http.PostAsync(path, null)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
            Assert.Equal("Task not found", problem.Str("detail"));
        }
    }

    [Fact]
    public async Task Broadcast_of_a_task_assigned_to_a_connected_bot_sends_it_again_and_answers_sent()
    {
        var bot = await RegisterAsync();
        await using var ws = await WsClient.ConnectAsync(fixture.Host.BaseAddress, bot, $"&queues={ClawApi.NewId("q")}");
        await ws.ExpectAsync("connected");
        var task = await (await _http.PostJsonAsync("/api/v1/tasks", $$"""{"workflow_id":"{{Guid.NewGuid()}}","payload":{"action":"build"},"dispatch":"manual"}""")).EnsureSuccessStatusCode().ReadJsonAsync();
        var taskId = task.Str("id");
        (await _http.PostJsonAsync($"/api/v1/tasks/{taskId}/assign", $$"""{"bot_id":"{{bot}}"}""")).EnsureSuccessStatusCode();
        Assert.Equal(taskId, (await ws.ExpectAsync("task_assigned")).GetProperty("payload").Str("task_id"));

        var sent = Has(await (await _http.PostAsync($"/api/v1/ws/broadcast/task/{taskId}?bot_id={bot}", null)).EnsureSuccessStatusCode().ReadJsonAsync(), ["status", "bot_id", "task_id"]);
        Assert.Equal(("sent", bot, taskId), (sent.Str("status"), sent.Str("bot_id"), sent.Str("task_id")));
        var again = await ws.ExpectAsync("task_assigned");
        Assert.Equal(("build", taskId), (again.GetProperty("payload").GetProperty("task_payload").Str("action"), again.GetProperty("payload").Str("task_id")));

        var other = await RegisterAsync();
        await using var otherWs = await WsClient.ConnectAsync(fixture.Host.BaseAddress, other, $"&queues={ClawApi.NewId("q")}");
        await otherWs.ExpectAsync("connected");
        await (await _http.PostAsync($"/api/v1/ws/broadcast/task/{taskId}?bot_id={other}", null)).AssertProblemAsync(HttpStatusCode.Conflict, "task_not_assigned");
    }

    private async Task<string> RegisterAsync() =>
        (await (await _http.PostJsonAsync("/api/v1/bots", """{"name":"test-bot","capabilities":["python","docker"]}""")).EnsureSuccessStatusCode().ReadJsonAsync()).Str("id");

    private async Task<JsonElement> GetJsonAsync(string path) => await (await _http.GetAsync(path)).EnsureSuccessStatusCode().ReadJsonAsync();
}

using Claw.Tests.Infrastructure;

namespace Claw.Tests.Sockets;

/// <summary>
/// The offline delivery queue of a node whose control channel is away, on a real host and a real WebSocket: bounded by
/// <c>Claw:Sockets:OfflineQueueMax</c>, the oldest dropped first, given back to dispatch and counted in <c>expired_count</c>.
/// </summary>
public sealed class OfflineQueueTests
{
    [Fact]
    public async Task A_node_away_past_the_bound_gets_the_newest_and_the_dropped_tasks_go_back_to_dispatch()
    {
        using var data = new TempDirectory();
        await using var host = await ClawTestHost.StartAsync(data.Path, "--Claw:Sockets:OfflineQueueMax", "2");
        using var http = host.CreateClient();
        var api = new ClawApi(http);
        var queue = ClawApi.NewId("q");
        var bot = await api.RegisterNodeAsync(slots: 5, online: true); // alive over HTTP, its socket away

        var tasks = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var task = await api.SubmitAsync(queue, ",\"dispatch\":\"manual\"");
            (await http.PostJsonAsync($"/api/v1/tasks/{task.Str("id")}/assign", $$"""{"bot_id":"{{bot}}"}""")).EnsureSuccessStatusCode();
            tasks.Add(task.Str("id"));
            await Task.Delay(20); // distinct queue times: the first three are the oldest
        }

        await using var ws = await WsClient.ConnectAsync(host.BaseAddress, bot, $"&queues={queue}");
        await ws.ExpectAsync("connected");
        await ws.SendAsync("reconnect", new { last_received_id = "0", offline_since_ms = 60_000 });
        var delivered = new List<string>
        {
            (await ws.ExpectAsync("task_assigned")).GetProperty("payload").Str("task_id"),
            (await ws.ExpectAsync("task_assigned")).GetProperty("payload").Str("task_id"),
        };
        var ack = (await ws.ExpectAsync("reconnect_ack")).GetProperty("payload");
        Assert.Equal(2, ack.GetProperty("queued_count").GetInt32());
        Assert.Equal(3, ack.GetProperty("expired_count").GetInt32());
        Assert.Equal(tasks[3..].Order(StringComparer.Ordinal), delivered.Order(StringComparer.Ordinal)); // the newest two

        // Not lost: the dropped ones are back in dispatch (pending again), and run when assigned again.
        foreach (var dropped in tasks[..3])
        {
            var view = await api.TaskAsync(dropped);
            Assert.Equal("pending", view.Str("status"));
            (await http.PostJsonAsync($"/api/v1/tasks/{dropped}/assign", $$"""{"bot_id":"{{bot}}"}""")).EnsureSuccessStatusCode();
            delivered.Add((await ws.ExpectAsync("task_assigned")).GetProperty("payload").Str("task_id"));
        }

        Assert.Equal(tasks.Order(StringComparer.Ordinal), delivered.Order(StringComparer.Ordinal));
        foreach (var id in tasks)
        {
            await ws.SendAsync("task_complete", new { task_id = id, success = true });
        }

        foreach (var id in tasks)
        {
            await Eventually.Until(() => api.StatusAsync(id), s => s == "completed", TimeSpan.FromSeconds(20), $"task {id} to complete");
        }
    }
}

using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Claw.Bench;

/// <summary>
/// One idle node connected over WebSocket; tasks are submitted one at a time. Reports submit → task_assigned
/// (received) and submit → completed (the complete frame answered and the next task may go). Arguments: [url] [tasks].
/// </summary>
internal static class WsLatency
{
    public static async Task RunAsync(string[] args)
    {
        var baseUrl = new Uri(args.ElementAtOrDefault(0) ?? "http://127.0.0.1:8000");
        var total = int.Parse(args.ElementAtOrDefault(1) ?? "1000", System.Globalization.CultureInfo.InvariantCulture);
        var queue = "lat-" + Guid.NewGuid().ToString("N")[..8];
        var node = "lat-node-" + queue;
        using var http = new HttpClient { BaseAddress = baseUrl };
        (await http.PostAsJsonAsync("/api/v1/nodes", new { id = node, name = node })).EnsureSuccessStatusCode();
        using var ws = new ClientWebSocket();
        await ws.ConnectAsync(ControlUri(baseUrl, node, queue), CancellationToken.None);
        await ReceiveAsync(ws); // connected

        var received = new List<double>();
        var completed = new List<double>();
        for (var i = 0; i < total + 50; i++)
        {
            var clock = Stopwatch.StartNew();
            var submit = http.PostAsJsonAsync("/api/v1/tasks", new { queue, type = "noop", payload = new { i } });
            var frame = await ReceiveAsync(ws);
            var toReceived = clock.Elapsed.TotalMilliseconds;
            (await submit).EnsureSuccessStatusCode();
            var taskId = frame.GetProperty("payload").GetProperty("task_id").GetString();
            await SendAsync(ws, JsonSerializer.Serialize(new { type = "task_complete", payload = new { task_id = taskId, success = true } }));
            await WaitCompletedAsync(http, taskId!);
            if (i >= 50)
            {
                received.Add(toReceived); // the first 50 warm the JIT and the connection pools
                completed.Add(clock.Elapsed.TotalMilliseconds);
            }

            if (i % 200 == 0)
            {
                Console.Write($"\r{i}/{total + 50}");
            }
        }

        Console.WriteLine();
        Console.WriteLine($"submit → task_assigned: p50 {Stats.Percentile(received, 0.5):F2} ms, p95 {Stats.Percentile(received, 0.95):F2} ms, p99 {Stats.Percentile(received, 0.99):F2} ms");
        Console.WriteLine($"submit → completed:     p50 {Stats.Percentile(completed, 0.5):F2} ms, p95 {Stats.Percentile(completed, 0.95):F2} ms, p99 {Stats.Percentile(completed, 0.99):F2} ms");
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            tasks = total,
            received_p50_ms = Stats.Percentile(received, 0.5),
            received_p99_ms = Stats.Percentile(received, 0.99),
            completed_p50_ms = Stats.Percentile(completed, 0.5),
            completed_p99_ms = Stats.Percentile(completed, 0.99),
        }));
    }

    /// <summary>The task grain writes before it answers, so a poll of the status shows when the completion is durable.</summary>
    private static async Task WaitCompletedAsync(HttpClient http, string taskId)
    {
        while (true)
        {
            var task = await http.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{taskId}");
            if (task.GetProperty("status").GetString() == "completed")
            {
                return;
            }
        }
    }

    internal static Uri ControlUri(Uri baseUrl, string node, string queue) =>
        new UriBuilder(baseUrl) { Scheme = "ws", Path = "/api/v1/ws/control", Query = $"bot_id={node}&queues={queue}" }.Uri;

    internal static async Task<JsonElement> ReceiveAsync(WebSocket ws)
    {
        var buffer = new byte[64 * 1024];
        var result = await ws.ReceiveAsync(buffer, CancellationToken.None);
        return JsonDocument.Parse(buffer.AsMemory(0, result.Count)).RootElement.Clone();
    }

    private static Task SendAsync(WebSocket ws, string json) =>
        ws.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);
}

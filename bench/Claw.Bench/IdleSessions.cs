using System.Net.Http.Json;
using System.Net.WebSockets;

namespace Claw.Bench;

/// <summary>
/// Opens S idle WebSocket sessions (one registered node each) and reports the silo's memory per session, measured
/// from its resident set before and after. Arguments: [url] [sessions] [silo pid].
/// </summary>
internal static class IdleSessions
{
    public static async Task RunAsync(string[] args)
    {
        var baseUrl = new Uri(args.ElementAtOrDefault(0) ?? "http://127.0.0.1:8000");
        var count = int.Parse(args.ElementAtOrDefault(1) ?? "10000", System.Globalization.CultureInfo.InvariantCulture);
        int? pid = int.TryParse(args.ElementAtOrDefault(2), out var p) ? p : null;
        var prefix = "idle-" + Guid.NewGuid().ToString("N")[..6];
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = baseUrl };
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
            (await http.PostAsJsonAsync("/api/v1/nodes", new { id = $"{prefix}-{i}", name = $"{prefix}-{i}" }, ct)).EnsureSuccessStatusCode());
        GC.Collect();
        await Task.Delay(2000);
        var before = Stats.RssMiB(pid);

        var sockets = new List<ClientWebSocket>();
        var opened = 0;
        try
        {
            for (var i = 0; i < count; i++)
            {
                var ws = new ClientWebSocket();
                await ws.ConnectAsync(WsLatency.ControlUri(baseUrl, $"{prefix}-{i}", prefix), CancellationToken.None);
                await WsLatency.ReceiveAsync(ws); // connected
                sockets.Add(ws);
                opened++;
                if (opened % 500 == 0)
                {
                    Console.Write($"\r{opened} sessions");
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException)
        {
            Console.WriteLine($"\nstopped at {opened} sessions: {ex.Message}");
        }

        await Task.Delay(5000);
        var after = Stats.RssMiB(pid);
        var listed = (await http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/ws/connections")).GetArrayLength();
        Console.WriteLine();
        Console.WriteLine($"{opened} idle sessions open, {listed} listed by /ws/connections; silo RSS {before:F0} → {after:F0} MiB" +
                          (before is { } b && after is { } a && opened > 0 ? $", {(a - b) * 1024 / opened:F1} KiB per session" : ""));
        foreach (var ws in sockets)
        {
            ws.Abort();
            ws.Dispose();
        }
    }
}

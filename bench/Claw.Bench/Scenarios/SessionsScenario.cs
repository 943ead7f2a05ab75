using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Claw.Bench.Cluster;
using Claw.Bench.Measure;
using Claw.Bench.Results;

namespace Claw.Bench.Scenarios;

/// <summary>
/// Opens S idle WebSocket sessions (one registered node each, spread over the silos) and reports the silos' memory per
/// session from their resident sets before and after. Stops early, and says why, when the OS refuses more sockets.
/// </summary>
internal static class SessionsScenario
{
    private const int OpenConcurrency = 8;

    public static async Task<SessionsResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var cluster = context.Cluster;
        var prefix = $"idle-{context.RunId}";
        var nodes = Enumerable.Range(0, settings.Sessions).Select(i => $"{prefix}-{i}").ToList();
        using (Progress.Start("sessions", () => "registering nodes"))
        {
            await cluster.RegisterNodesAsync(nodes, cancellationToken);
        }

        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var before = Stats.RssMiB(settings.SiloPids);
        var cpuStart = CpuMonitor.Now;
        var channels = new ControlChannel?[nodes.Count];
        string? stoppedBecause = null;
        var next = -1;
        var opened = 0;
        var clock = Stopwatch.StartNew();
        using (Progress.Start("sessions", () => $"{Volatile.Read(ref opened):N0}/{nodes.Count:N0} sessions open"))
        {
            await Task.WhenAll(Enumerable.Range(0, OpenConcurrency).Select(async _ =>
            {
                int i;
                while (stoppedBecause is null && (i = Interlocked.Increment(ref next)) < nodes.Count)
                {
                    try
                    {
                        channels[i] = await ControlChannel.OpenAsync(cluster.ControlUri(i, nodes[i], prefix), cluster.Bearer, cancellationToken);
                        Interlocked.Increment(ref opened);
                    }
                    catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException)
                    {
                        stoppedBecause ??= $"{ex.GetType().Name}: {ex.InnerException?.Message ?? ex.Message}";
                    }
                }
            }));
        }

        var openSeconds = clock.Elapsed.TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken); // let the silos settle the new activations
        var after = Stats.RssMiB(settings.SiloPids);
        var connections = await cluster.Http(0).GetFromJsonAsync<JsonElement>("/api/v1/ws/connections", cancellationToken);
        var listed = connections.GetProperty("bot_ids").EnumerateArray().Count(id => id.GetString()?.StartsWith(prefix, StringComparison.Ordinal) == true); // ClawBot's {count, bot_ids}
        var cpu = context.Cpu.Window(cpuStart, CpuMonitor.Now);
        foreach (var channel in channels)
        {
            channel?.Abort();
            channel?.Dispose();
        }

        return new SessionsResult(settings.Sessions, opened, listed, Math.Round(openSeconds, 1), Round(before), Round(after),
            before is { } b && after is { } a && opened > 0 ? Math.Round((a - b) * 1024 / opened, 1) : null, stoppedBecause, cpu);
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 1) : null;
}

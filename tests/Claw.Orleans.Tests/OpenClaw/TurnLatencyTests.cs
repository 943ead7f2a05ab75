using System.Diagnostics;
using Claw.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Claw.Tests.OpenClaw;

/// <summary>
/// Agent turns through Claw next to the same turns sent to the gateway directly, interleaved on one gateway and one
/// fake model: every turn must complete with its reply. The latencies are reported (test output, and appended to the
/// file named by <c>CLAW_OPENCLAW_FIGURES</c>), never asserted. <c>CLAW_OPENCLAW_TURNS</c> sets the turns per side
/// (default 10; the closing figures used 50).
/// </summary>
[Collection(RealGatewayCollection.Name)]
public sealed class TurnLatencyTests(ConnectorFixture fixture, ITestOutputHelper output) : IClassFixture<ConnectorFixture>
{
    [Fact]
    public async Task Turns_through_claw_and_sent_directly_all_complete_and_their_latencies_are_reported()
    {
        var turns = int.TryParse(Environment.GetEnvironmentVariable("CLAW_OPENCLAW_TURNS"), out var n) ? n : 10;
        await using var client = await fixture.Gateway.ConnectAsync();
        await WarmUpAsync(client);
        var direct = new List<double>();
        var viaClaw = new List<double>();

        for (var i = 0; i < turns; i++)
        {
            var marker = "lat" + Guid.NewGuid().ToString("N")[..8];
            var watch = Stopwatch.StartNew();
            var final = await client.CallAsync("agent", new { message = $"Reply to this. m:{marker}", idempotencyKey = marker }, CancellationToken.None, _ => { });
            direct.Add(watch.Elapsed.TotalMilliseconds);
            Assert.Equal(FakeModelServer.ReplyFor(marker), final.GetProperty("result").GetProperty("payloads")[0].GetProperty("text").GetString());

            marker = "lat" + Guid.NewGuid().ToString("N")[..8];
            watch.Restart();
            var taskId = await fixture.SubmitTurnAsync(marker);
            var task = await PollCompletedAsync(taskId);
            viaClaw.Add(watch.Elapsed.TotalMilliseconds);
            Assert.Equal(FakeModelServer.ReplyFor(marker), task.GetProperty("result").Str("text"));
        }

        var report = $"OpenClaw turn latency over {turns} turns each (fake model, warm gateway): direct p50 {Percentile(direct, 50):F0} ms, p99 {Percentile(direct, 99):F0} ms; "
            + $"through Claw (submit to completed, seen by a client polling every 20 ms) p50 {Percentile(viaClaw, 50):F0} ms, p99 {Percentile(viaClaw, 99):F0} ms; "
            + $"this gateway's start (spawn to first hello-ok) {fixture.Gateway.StartupTime.TotalSeconds:F1} s";
        output.WriteLine(report);
        if (Environment.GetEnvironmentVariable("CLAW_OPENCLAW_FIGURES") is { Length: > 0 } file)
        {
            await File.AppendAllTextAsync(file, report + Environment.NewLine);
        }
    }

    /// <summary>The first turns after a start load modules lazily (seconds); both sides are measured warm.</summary>
    private async Task WarmUpAsync(Grains.OpenClaw.Protocol.GatewayClient client)
    {
        for (var i = 0; i < 3; i++)
        {
            await client.CallAsync("agent", new { message = "warm up", idempotencyKey = "warm" + Guid.NewGuid().ToString("N") }, CancellationToken.None, _ => { });
            await PollCompletedAsync(await fixture.SubmitTurnAsync("warm" + i));
        }
    }

    private async Task<System.Text.Json.JsonElement> PollCompletedAsync(string taskId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            var task = await fixture.Api.TaskAsync(taskId);
            if (task.Str("status") == "completed" || DateTime.UtcNow > deadline)
            {
                Assert.Equal("completed", task.Str("status"));
                return task;
            }

            await Task.Delay(20);
        }
    }

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}

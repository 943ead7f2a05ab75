using System.Net.WebSockets;
using System.Text.RegularExpressions;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Hardening;

/// <summary>
/// Issue 23, part 4: a session's send queue is bounded. A node that stops reading while the server has frames for it
/// fills the queue (8 frames or 256 KiB on this host); once it stays full (2 s here) the session is closed with 1008, counted in
/// <c>claw_sockets_closed_total{reason="slow_consumer"}</c>, while other sessions carry on.
/// </summary>
[Collection(HardeningCollection.Name)]
public sealed partial class SlowConsumerTests(HardeningFixture fixture)
{
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public async Task A_node_that_stops_reading_is_closed_with_1008_and_counted_and_others_carry_on()
    {
        const int Leases = 40;
        var queue = ClawApi.NewId("q");
        await using var bystander = await ConnectedAsync();
        var node = await _api.RegisterNodeAsync(slots: Leases);
        await using var sleeper = await WsClient.ConnectAsync(fixture.Host.BaseAddress, node, $"&queues={queue}");
        await sleeper.ExpectAsync("connected");
        var pad = new string('p', HardeningFixture.MaxPayloadBytes - 100);
        await Task.WhenAll(Enumerable.Range(0, Leases).Select(_ => _api.SubmitAsync(queue, $$$""","payload":{"pad":"{{{pad}}}"}""")));
        for (var i = 0; i < Leases; i++)
        {
            await sleeper.ExpectAsync("task_assigned"); // a node that read well so far
        }

        var before = await SlowClosesAsync();

        // Then it stops reading. Each reconnect asks for its whole lease set again (~0.8 MB of frames for a 40-byte
        // frame): the socket buffers fill, then its send queue, and the server gives up on it.
        const int Reconnects = 30;
        for (var i = 0; i < Reconnects; i++)
        {
            await sleeper.SendAsync("reconnect", new { last_received_id = 0 });
        }

        await Eventually.Until(SlowClosesAsync, n => n > before, TimeSpan.FromSeconds(30), "the slow consumer counted");
        var frames = await sleeper.UntilClosedAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, sleeper.CloseStatus);
        var assigned = frames.Count(f => f.Str("type") == "task_assigned");
        Assert.True(assigned < Leases * Reconnects, $"the queued frames were dropped ({assigned} of {Leases * Reconnects} delivered)");
        Assert.Equal(before + 1, await SlowClosesAsync());

        await bystander.SendAsync("heartbeat", new { });
        await bystander.ExpectAsync("heartbeat_ack");
    }

    private async Task<WsClient> ConnectedAsync()
    {
        var ws = await WsClient.ConnectAsync(fixture.Host.BaseAddress, await _api.RegisterNodeAsync(), $"&queues={ClawApi.NewId("q")}");
        await ws.ExpectAsync("connected");
        return ws;
    }

    /// <summary>The counter as Prometheus scrapes it (0 before the first close).</summary>
    private async Task<long> SlowClosesAsync()
    {
        var text = await (await _api.Http.GetAsync("/metrics")).Content.ReadAsStringAsync();
        var match = SlowConsumerSample().Match(text);
        return match.Success ? long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex("""claw_sockets_closed_total\{[^}]*reason="slow_consumer"[^}]*\} (\d+)""")]
    private static partial Regex SlowConsumerSample();
}

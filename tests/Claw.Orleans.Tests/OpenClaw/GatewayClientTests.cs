using Claw.Grains.OpenClaw.Protocol;

namespace Claw.Tests.OpenClaw;

/// <summary>The protocol client against the real gateway, without Claw in between: handshake, agent turns, idempotency, refusals.</summary>
[Collection(RealGatewayCollection.Name)]
public sealed class GatewayClientTests(RealGatewayFixture fixture) : IClassFixture<RealGatewayFixture>
{
    [Fact]
    public async Task Handshake_answers_hello_ok_with_the_server_version()
    {
        await using var client = await fixture.Gateway.ConnectAsync();

        Assert.Equal(4, client.Hello.Protocol);
        Assert.Equal("2026.9.6", client.Hello.ServerVersion);
        var health = await client.CallAsync("health", new { }, CancellationToken.None);
        Assert.True(health.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task An_agent_turn_answers_the_fake_models_reply_and_a_repeated_key_runs_no_second_turn()
    {
        var marker = "direct" + Guid.NewGuid().ToString("N")[..8];
        var key = "task-" + marker + ":1";
        await using var client = await fixture.Gateway.ConnectAsync();
        var accepted = false;

        var final = await client.CallAsync("agent", new { message = $"say hi m:{marker}", idempotencyKey = key }, CancellationToken.None, _ => accepted = true);

        Assert.True(accepted, "the agent request is acknowledged before its final answer");
        Assert.Equal("ok", final.GetProperty("status").GetString());
        Assert.Equal(key, final.GetProperty("runId").GetString());
        Assert.Equal(FakeModelServer.ReplyFor(marker), final.GetProperty("result").GetProperty("payloads")[0].GetProperty("text").GetString());
        var calls = fixture.Model.Count(marker);

        var again = await client.CallAsync("agent", new { message = $"say hi m:{marker}", idempotencyKey = key }, CancellationToken.None, _ => { });

        Assert.Equal(key, again.GetProperty("runId").GetString());
        Assert.Equal(calls, fixture.Model.Count(marker));
    }

    [Fact]
    public async Task A_wrong_token_is_refused_and_the_socket_closed_with_1008()
    {
        using var device = DeviceIdentity.FromSeed(DeviceIdentity.NewSeed());
        var endpoint = fixture.Gateway.Endpoint with { Token = "not-the-token" };

        var refused = await Assert.ThrowsAsync<GatewayRefusedException>(() => GatewayClient.ConnectAsync(endpoint, device, "0.0.0-test", null, CancellationToken.None));

        Assert.Equal("AUTH_TOKEN_MISMATCH", refused.DetailCode);
        Assert.Contains("token mismatch", refused.Message, StringComparison.Ordinal);
        Assert.False(refused.Retryable);
    }

    [Fact]
    public async Task Events_of_a_run_arrive_while_it_streams()
    {
        var marker = "events" + Guid.NewGuid().ToString("N")[..8];
        var streams = new System.Collections.Concurrent.ConcurrentBag<string>();
        await using var client = await fixture.Gateway.ConnectAsync((name, payload) =>
        {
            if (name == "agent" && payload.TryGetProperty("stream", out var stream))
            {
                streams.Add(stream.GetString()!);
            }
        });

        await client.CallAsync("agent", new { message = $"m:{marker}", idempotencyKey = marker }, CancellationToken.None, _ => { });

        Assert.Contains("lifecycle", streams);
        Assert.Contains("assistant", streams);
    }
}

using System.Text.Json;

namespace Claw.Grains.OpenClaw.Protocol;

/// <summary>The parts of the gateway's <c>hello-ok</c> a connection uses.</summary>
public sealed record HelloOk(int Protocol, string? ServerVersion, string? ConnectionId, TimeSpan TickInterval, long MaxPayload)
{
    public static HelloOk Parse(JsonElement payload)
    {
        var server = payload.TryGetProperty("server", out var s) ? s : default;
        var policy = payload.TryGetProperty("policy", out var p) ? p : default;
        return new HelloOk(
            payload.Int("protocol") ?? 0,
            server.Str("version"),
            server.Str("connId"),
            TimeSpan.FromMilliseconds(policy.Int("tickIntervalMs") ?? 30_000),
            policy.Long("maxPayload") ?? 25 * 1024 * 1024);
    }
}

using System.Diagnostics;
using Claw.Abstractions.OpenClaw;
using Claw.Grains.OpenClaw.Protocol;
using Claw.Grains.Telemetry;

namespace Claw.Grains.OpenClaw;

/// <summary><c>probe</c>: a fresh connection, one <c>health</c> call timed, closed again.</summary>
public static class GatewayProbe
{
    public static async Task<GatewayProbeResult> RunAsync(GatewayEndpoint endpoint, DeviceKeys devices)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            var device = await devices.GetAsync(timeout.Token);
            await using var client = await GatewayClient.ConnectAsync(endpoint, device, ClawMetrics.Version, null, timeout.Token);
            var watch = Stopwatch.StartNew();
            var health = await client.CallAsync("health", new { }, timeout.Token);
            var roundTrip = watch.Elapsed.TotalMilliseconds;
            return new GatewayProbeResult(true, Math.Round(roundTrip, 3), health.GetRawText(), client.Hello.ServerVersion, null);
        }
        catch (Exception ex) when (ex is GatewayRefusedException or GatewayClosedException or OperationCanceledException)
        {
            return new GatewayProbeResult(false, 0, null, null, ex is OperationCanceledException ? "the gateway did not answer within 15 s" : ex.Message);
        }
    }
}

using System.Text.Json;
using Claw.Abstractions.OpenClaw;
using Claw.Grains.OpenClaw.Protocol;
using Claw.Grains.Telemetry;
using Claw.Abstractions.Audit;

namespace Claw.Grains.OpenClaw;

/// <summary>
/// The connect loop of a <see cref="GatewayConnection"/>: it connects (after a failure, waiting as
/// <see cref="ReconnectRules"/> say), serves one connected period at a time with the node session attached, and
/// connects again after a lost connection; a lasting refusal ends it in <c>error</c>. It holds the live client that
/// turns send through, and hands the gateway's events to the turns whose runs they name.
/// </summary>
internal sealed class ConnectLoop(
    GatewayConnection connection,
    DeviceKeys devices,
    TurnBook turns,
    NodeSessionLink session,
    ConnectionReporter reporter,
    CancellationToken stopping)
{
    private readonly SemaphoreSlim _wake = new(0);
    private TaskCompletionSource<GatewayClient> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GatewayStatus Status { get; private set; } = GatewayStatus.Connecting;

    public string? ServerVersion { get; private set; }

    public DateTimeOffset? ConnectedAt { get; private set; }

    public long Reconnects { get; private set; }

    /// <summary>The client while connected; null between connections.</summary>
    public GatewayClient? Client { get; private set; }

    /// <summary>The loop; complete once it stopped or the gateway refused the connection for good.</summary>
    public Task Running { get; private set; } = Task.CompletedTask;

    private OpenClawOptions Options => connection.Options;

    private ILogger Logger => connection.Logger;

    private string GatewayId => connection.GatewayId;

    /// <summary>Runs the loop on the thread pool, outside the calling grain's scheduler.</summary>
    public void Start() => Running = Task.Run(() => RunAsync(stopping));

    /// <summary>A new url or token: a loop that ended in <c>error</c> starts again, a live socket closes so the loop connects anew.</summary>
    public void Reconnect()
    {
        if (Running.IsCompleted && !stopping.IsCancellationRequested)
        {
            Status = GatewayStatus.Connecting;
            Start();
        }
        else
        {
            Client?.DisposeAsync().AsTask().Ignore(); // the loop sees the close and connects with the new settings
        }

        _wake.Release();
    }

    /// <summary>The live client, waiting for a (re)connection up to <paramref name="patience"/>; null when it did not come.</summary>
    public async Task<GatewayClient?> WaitConnectedAsync(TimeSpan patience, CancellationToken cancellationToken)
    {
        try
        {
            return await _connected.Task.WaitAsync(patience, connection.Time, cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>Waits <paramref name="delay"/>, or less when new settings arrive.</summary>
    public async Task PauseAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await _wake.WaitAsync(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var failures = 0;
        var everConnected = false;
        while (!stop.IsCancellationRequested)
        {
            var settings = connection.Settings;
            GatewayClient client;
            try
            {
                Status = GatewayStatus.Connecting;
                var device = await devices.GetAsync(stop);
                client = await GatewayClient.ConnectAsync(settings.Endpoint, device, ClawMetrics.Version, OnEvent, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ReconnectRules.IsFatal(ex, out var code))
            {
                await FailAsync(code, ex.Message);
                return;
            }
            catch (Exception ex)
            {
                failures++;
                var wait = ReconnectRules.WaitAfter(ex, failures, Options.ReconnectBackoff, Options.MaxReconnectBackoff);
                if (ReconnectRules.WorthReporting(failures))
                {
                    reporter.AddError(ReconnectRules.FailureCode(ex), ex.Message);
                    Logger.ConnectFailed(GatewayId, settings.Endpoint.Url, failures, wait.TotalSeconds, SecretRedactor.Redact(ex.Message));
                }

                await PauseAsync(wait, stop);
                continue;
            }

            failures = 0;
            if (everConnected)
            {
                Reconnects++;
                connection.Metrics.Reconnects.Add(1, new KeyValuePair<string, object?>("gateway", GatewayId));
            }

            everConnected = true;
            await ServeAsync(client, stop);
            var closed = client.CloseError;
            await client.DisposeAsync();
            if (stop.IsCancellationRequested)
            {
                break;
            }

            if (ReconnectRules.IsFatal(closed))
            {
                await FailAsync("POLICY_VIOLATION", closed.Message);
                return;
            }

            reporter.AddError(ReconnectRules.CloseCode(closed), closed?.Message ?? "the connection ended");
            Logger.Disconnected(GatewayId, SecretRedactor.RedactOrNull(closed?.Message));
            await PauseAsync(Backoff.Delay(Options.ReconnectBackoff, Options.MaxReconnectBackoff, 1), stop);
        }

        Status = GatewayStatus.Offline;
    }

    /// <summary>One connected period: the session is attached, work flows, until the socket closes or the connection stops.</summary>
    private async Task ServeAsync(GatewayClient client, CancellationToken stop)
    {
        Client = client;
        Status = GatewayStatus.Online;
        ServerVersion = client.Hello.ServerVersion;
        ConnectedAt = connection.Time.GetUtcNow();
        _connected.TrySetResult(client);
        Logger.Connected(GatewayId, connection.Settings.Endpoint.Url, ServerVersion);
        await session.AttachAsync();
        reporter.ReportSoon();
        await Task.WhenAny(client.Closed, Task.Delay(Timeout.Infinite, stop));
        _connected = new TaskCompletionSource<GatewayClient>(TaskCreationOptions.RunContinuationsAsynchronously);
        Client = null;
        Status = stop.IsCancellationRequested ? GatewayStatus.Offline : GatewayStatus.Connecting;
        if (!connection.Quiet)
        {
            await session.DetachAsync();
            reporter.ReportSoon();
        }
    }

    /// <summary>The gateway refused this connection for good: every turn loses its lease, and the grain hears the error.</summary>
    private async Task FailAsync(string code, string message)
    {
        Status = GatewayStatus.Error;
        reporter.AddError(code, message);
        Logger.Refused(GatewayId, code, SecretRedactor.Redact(message));
        turns.LoseAll("the gateway refused the connection");
        await reporter.ReportAsync();
    }

    private void OnEvent(string name, JsonElement payload)
    {
        if (!turns.Route(name, payload) && name == "shutdown")
        {
            Logger.Shutdown(GatewayId, payload.Str("reason"));
        }
    }
}

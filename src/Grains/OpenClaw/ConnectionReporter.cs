using System.Collections.Concurrent;
using Claw.Abstractions.OpenClaw;
using Claw.Abstractions.Audit;

namespace Claw.Grains.OpenClaw;

/// <summary>
/// What a gateway connection tells its gateway grain and the silo's metrics: its status and figures with the errors
/// since the last report, on every change and every report interval. A turn the gateway failed marks the connection
/// degraded until a turn completes again.
/// </summary>
internal sealed class ConnectionReporter(GatewayConnection connection)
{
    /// <summary>Errors waiting for the next report; older ones are dropped past this many.</summary>
    private const int ErrorsKept = 20;

    private readonly ConcurrentQueue<GatewayError> _newErrors = new();
    private bool _degraded;
    private long _completed;
    private long _failed;

    /// <summary>Counts a turn's end: <paramref name="completed"/> is null when it reported nothing (lost, given back).</summary>
    public void TurnEnded(bool? completed, string? gatewayError)
    {
        if (completed == true)
        {
            Interlocked.Increment(ref _completed);
            _degraded = false;
        }
        else if (completed == false)
        {
            Interlocked.Increment(ref _failed);
        }

        if (gatewayError is not null)
        {
            _degraded = true;
            AddError("TURN_FAILED", gatewayError);
        }

        ReportSoon();
    }

    /// <summary>Keeps an error for the gateway's <c>last_error</c>; its text is the gateway's own, so it is redacted first.</summary>
    public void AddError(string code, string message)
    {
        _newErrors.Enqueue(new GatewayError(connection.Time.GetUtcNow(), code, SecretRedactor.Redact(message)));
        while (_newErrors.Count > ErrorsKept)
        {
            _newErrors.TryDequeue(out _);
        }
    }

    public void ReportSoon() => ReportAsync().Ignore();

    public async Task ReportAsync()
    {
        var status = connection.Status is GatewayStatus.Online && _degraded ? GatewayStatus.Degraded : connection.Status;
        connection.Metrics.Gateway(connection.GatewayId, connection.ActiveSessions, connection.Settings.MaxSessions, connection.IsConnected);
        if (connection.Superseded)
        {
            return; // the gateway grain listens to the newer connection
        }

        var errors = new List<GatewayError>();
        while (_newErrors.TryDequeue(out var error))
        {
            errors.Add(error);
        }

        try
        {
            await connection.Grains.GetGrain<IOpenClawGatewayGrain>(connection.GatewayId).ReportAsync(new ConnectionReport(
                connection.ConnectionId, status, connection.ServerVersion, connection.ConnectedAt, connection.ActiveSessions, connection.Reconnects,
                Interlocked.Read(ref _completed), Interlocked.Read(ref _failed), [.. errors]));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            connection.Logger.NodeUnreachable(connection.GatewayId, ex);
        }
    }
}

using Claw.Abstractions;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net.WebSockets;
using System.Text.Json;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.OpenClaw;
using Claw.Abstractions.Sessions;
using Claw.Grains.OpenClaw.Protocol;
using Claw.Grains.Telemetry;

namespace Claw.Grains.OpenClaw;

/// <summary>
/// The silo's one connection to one gateway, and that gateway node's session: the node grain pushes leased
/// <c>openclaw.agent</c> tasks here exactly as to a WebSocket node, and each runs as an <see cref="AgentTurn"/>.
/// The loop connects (retrying <c>UNAVAILABLE</c> after the gateway's <c>retryAfterMs</c>), attaches the session,
/// and on a lost connection detaches it (no new work), keeps the node alive and reconnects with backoff; turns in
/// flight wait and send their request again under the same idempotency key. A close with 1008 (a refused token or
/// bad parameters) puts the gateway in <c>error</c> and ends the loop: nothing retries until it is registered again.
/// </summary>
public sealed partial class GatewayConnection : INodeSession
{
    private const WebSocketCloseStatus ServiceRestart = (WebSocketCloseStatus)1012;
    private const int ErrorsKept = 20;

    private readonly IGrainFactory _grains;
    private readonly DeviceKeys _devices;
    private readonly OpenClawOptions _options;
    private readonly OpenClawMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, AgentTurn> _turns = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AgentTurn> _runs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<GatewayError> _newErrors = new();
    private readonly SemaphoreSlim _wake = new(0);
    private TaskCompletionSource<GatewayClient> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ConnectionSettings _settings;
    private GatewayClient? _client;
    private INodeSession? _self;
    private bool _attached;
    private volatile bool _quiet;
    private bool _degraded;
    private long _completed;
    private long _failed;
    private Task _loop = Task.CompletedTask;
    private Task _keepAlive = Task.CompletedTask;

    public GatewayConnection(string gatewayId, ConnectionSettings settings, IGrainFactory grains, DeviceKeys devices, OpenClawOptions options,
        OpenClawMetrics metrics, TimeProvider time, ILogger logger)
    {
        GatewayId = gatewayId;
        _settings = settings;
        _grains = grains;
        _devices = devices;
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    public string GatewayId { get; }

    /// <summary>One node session id for the life of this object, across reconnects, so re-attaching never replaces itself.</summary>
    public string ConnectionId { get; } = Guid.NewGuid().ToString();

    public GatewayStatus Status { get; private set; } = GatewayStatus.Connecting;

    public string? ServerVersion { get; private set; }

    public DateTimeOffset? ConnectedAt { get; private set; }

    public long Reconnects { get; private set; }

    /// <summary>Set when the node grain gave this gateway's session to a newer connection (on another silo): this one is done.</summary>
    public bool Superseded { get; private set; }

    public bool Ended => _loop.IsCompleted;

    public ConnectionSettings Settings => _settings;

    /// <summary>Turns running on the gateway now: the sessions in use.</summary>
    public int ActiveSessions => _turns.Values.Count(t => t.Running);

    public SessionLanes Lanes { get; } = new();

    internal IGrainFactory Grains => _grains;

    internal OpenClawOptions Options => _options;

    internal OpenClawMetrics Metrics => _metrics;

    internal TimeProvider Time => _time;

    internal ILogger Logger => _logger;

    /// <summary>Starts the loops on the thread pool, outside the calling grain's scheduler (grains call this; the loops outlive their turn).</summary>
    public void Start()
    {
        _loop = Task.Run(() => RunAsync(_stop.Token));
        _keepAlive = Task.Run(() => KeepAliveAsync(_stop.Token));
    }

    /// <summary>New settings from the grain: a new url or token opens a new socket (and ends an <c>error</c>).</summary>
    public void Update(ConnectionSettings settings)
    {
        var reconnect = settings.NeedsReconnect(_settings);
        _settings = settings;
        if (!reconnect)
        {
            return;
        }

        if (_loop.IsCompleted && !_stop.IsCancellationRequested)
        {
            Status = GatewayStatus.Connecting;
            _loop = Task.Run(() => RunAsync(_stop.Token));
        }
        else
        {
            _client?.DisposeAsync().AsTask().Ignore(); // the loop sees the close and connects with the new settings
        }

        _wake.Release();
    }

    /// <summary>Stops for good; <paramref name="quietly"/> (the silo shuts down) skips telling the node and grain, which go down with it.</summary>
    public async Task StopAsync(bool quietly = false)
    {
        _quiet = quietly;
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        foreach (var turn in _turns.Values)
        {
            turn.Lose(quietly ? "the silo is shutting down" : "the gateway connection stopped", abort: !quietly);
        }

        await Task.WhenAll(_loop, _keepAlive);
        _metrics.GatewayGone(GatewayId);
    }

    /// <summary>The live client, waiting for a (re)connection up to <paramref name="patience"/>; null when it did not come.</summary>
    internal async Task<GatewayClient?> WaitConnectedAsync(TimeSpan patience, CancellationToken cancellationToken)
    {
        try
        {
            return await _connected.Task.WaitAsync(patience, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    internal void RegisterRun(string runId, AgentTurn turn) => _runs[runId] = turn;

    internal void UnregisterRun(string runId) => _runs.TryRemove(runId, out _);

    internal void TurnEnded(AgentTurn turn, bool? completed, string? gatewayError)
    {
        _turns.TryRemove(turn.LeaseId, out _);
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

    internal void TurnRunning() => ReportSoon();

    /// <summary>Asks the gateway to abort a run (cancel, or the lease was lost); best effort.</summary>
    internal async Task AbortAsync(string? sessionKey, string runId)
    {
        if (_client is not { } client)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var parameters = sessionKey is null ? (object)new { runId } : new { key = sessionKey, runId };
            var answer = await client.CallAsync("sessions.abort", parameters, timeout.Token);
            LogAborted(_logger, GatewayId, runId, answer.Str("status"));
        }
        catch (Exception ex) when (ex is GatewayRefusedException or GatewayClosedException or OperationCanceledException)
        {
            LogAbortFailed(_logger, GatewayId, runId, ex.Message);
        }
    }

    public Task<bool> AssignAsync(Assignment assignment, long frameId)
    {
        if (_stop.IsCancellationRequested || _client is null)
        {
            return Task.FromResult(false); // the node grain gives the lease back untouched
        }

        var turn = new AgentTurn(this, assignment);
        if (_turns.TryAdd(assignment.LeaseId, turn))
        {
            turn.RunAsync().Ignore();
        }

        return Task.FromResult(true);
    }

    public Task NoticeAsync(SessionNotice notice)
    {
        foreach (var turn in _turns.Values.Where(t => t.TaskId == notice.TaskId && (notice.LeaseId is null || t.LeaseId == notice.LeaseId)))
        {
            turn.Lose(notice.Reason ?? notice.Type);
        }

        return Task.CompletedTask;
    }

    public Task ReplacedAsync()
    {
        Superseded = true;
        _stop.Cancel();
        return Task.CompletedTask;
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var failures = 0;
        var everConnected = false;
        while (!stop.IsCancellationRequested)
        {
            var settings = _settings;
            GatewayClient client;
            try
            {
                Status = GatewayStatus.Connecting;
                var device = await _devices.GetAsync(stop);
                client = await GatewayClient.ConnectAsync(settings.Endpoint, device, ClawMetrics.Version, OnEvent, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (IsFatal(ex, out var code))
            {
                await FailAsync(code, ex.Message);
                return;
            }
            catch (Exception ex)
            {
                failures++;
                var wait = ex is GatewayRefusedException { RetryAfter: { } after } ? after : Backoff.Delay(_options.ReconnectBackoff, _options.MaxReconnectBackoff, failures);
                if (failures == 1 || failures % 10 == 0)
                {
                    AddError(ex is GatewayRefusedException r ? r.Code : "UNREACHABLE", ex.Message);
                    LogConnectFailed(_logger, GatewayId, settings.Endpoint.Url, failures, wait.TotalSeconds, ex.Message);
                }

                await PauseAsync(wait, stop);
                continue;
            }

            failures = 0;
            if (everConnected)
            {
                Reconnects++;
                _metrics.Reconnects.Add(1, new KeyValuePair<string, object?>("gateway", GatewayId));
            }

            everConnected = true;
            await ServeAsync(client, stop);
            var closed = client.CloseError;
            await client.DisposeAsync();
            if (stop.IsCancellationRequested)
            {
                break;
            }

            if (closed?.Status == WebSocketCloseStatus.PolicyViolation)
            {
                await FailAsync("POLICY_VIOLATION", closed.Message);
                return;
            }

            AddError(closed?.Status == ServiceRestart ? "SHUTDOWN" : "DISCONNECTED", closed?.Message ?? "the connection ended");
            LogDisconnected(_logger, GatewayId, closed?.Message);
            await PauseAsync(Backoff.Delay(_options.ReconnectBackoff, _options.MaxReconnectBackoff, 1), stop);
        }

        Status = GatewayStatus.Offline;
    }

    /// <summary>One connected period: the session is attached, work flows, until the socket closes or the connection stops.</summary>
    private async Task ServeAsync(GatewayClient client, CancellationToken stop)
    {
        _client = client;
        Status = GatewayStatus.Online;
        ServerVersion = client.Hello.ServerVersion;
        ConnectedAt = _time.GetUtcNow();
        _connected.TrySetResult(client);
        LogConnected(_logger, GatewayId, _settings.Endpoint.Url, ServerVersion);
        await AttachAsync();
        ReportSoon();
        await Task.WhenAny(client.Closed, Task.Delay(Timeout.Infinite, stop));
        _connected = new TaskCompletionSource<GatewayClient>(TaskCreationOptions.RunContinuationsAsynchronously);
        _client = null;
        Status = stop.IsCancellationRequested ? GatewayStatus.Offline : GatewayStatus.Connecting;
        if (!_quiet)
        {
            await DetachAsync();
            ReportSoon();
        }
    }

    private static bool IsFatal(Exception ex, out string code)
    {
        code = ex switch
        {
            GatewayRefusedException { Retryable: false } refused => refused.DetailCode ?? refused.Code,
            GatewayClosedException { Status: WebSocketCloseStatus.PolicyViolation } => "POLICY_VIOLATION",
            _ => "",
        };
        return code.Length > 0;
    }

    private async Task FailAsync(string code, string message)
    {
        Status = GatewayStatus.Error;
        AddError(code, message);
        LogRefused(_logger, GatewayId, code, message);
        foreach (var turn in _turns.Values)
        {
            turn.Lose("the gateway refused the connection");
        }

        await ReportAsync();
    }

    private void OnEvent(string name, JsonElement payload)
    {
        if (payload.Str("runId") is { } runId && _runs.TryGetValue(runId, out var turn))
        {
            turn.OnEvent(name, payload);
        }
        else if (name == "shutdown")
        {
            LogShutdown(_logger, GatewayId, payload.Str("reason"));
        }
    }

    private INodeGrain Node => _grains.GetGrain<INodeGrain>(_settings.NodeId);

    private SessionInfo Info => new(_settings.NodeId, ConnectionId, ConnectedAt ?? _time.GetUtcNow(), "openclaw", _settings.Queues, _options.ReportInterval);

    private async Task AttachAsync()
    {
        try
        {
            _self ??= _grains.CreateObjectReference<INodeSession>(this);
            await Node.AttachSessionAsync(Info, _self);
            _attached = true;
            await Node.ReconnectAsync(ConnectionId, 0, null); // leases the node holds that this connection does not run yet come again
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNodeUnreachable(_logger, GatewayId, ex); // the keep-alive attaches again
        }
    }

    private async Task DetachAsync()
    {
        _attached = false;
        try
        {
            await Node.DetachSessionAsync(ConnectionId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNodeUnreachable(_logger, GatewayId, ex);
        }
    }

    /// <summary>Keeps the node alive (and the session attached) and reports to the grain, every report interval.</summary>
    private async Task KeepAliveAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await PauseAsync(_options.ReportInterval, stop);
            try
            {
                if (_client is not null)
                {
                    var standing = await Node.SessionAliveAsync(ConnectionId);
                    if (standing == SessionStanding.Replaced)
                    {
                        await ReplacedAsync();
                        break;
                    }

                    if (standing == SessionStanding.Unknown || !_attached)
                    {
                        await AttachAsync(); // the node grain was activated again elsewhere
                    }
                }
                else if (Status != GatewayStatus.Error && !_turns.IsEmpty)
                {
                    await Node.HeartbeatAsync(); // turns wait for the gateway: their node must not be declared crashed meanwhile
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogNodeUnreachable(_logger, GatewayId, ex);
            }

            if (!stop.IsCancellationRequested)
            {
                await ReportAsync();
            }
        }

        if (_attached && !Superseded && !_quiet)
        {
            await DetachAsync();
        }

        if (_self is not null)
        {
            _grains.DeleteObjectReference<INodeSession>(_self);
        }
    }

    private void ReportSoon() => ReportAsync().Ignore();

    private async Task ReportAsync()
    {
        var status = Status is GatewayStatus.Online && _degraded ? GatewayStatus.Degraded : Status;
        _metrics.Gateway(GatewayId, ActiveSessions, _settings.MaxSessions, _client is not null);
        if (Superseded)
        {
            return;
        }

        var errors = new List<GatewayError>();
        while (_newErrors.TryDequeue(out var error))
        {
            errors.Add(error);
        }

        try
        {
            await _grains.GetGrain<IOpenClawGatewayGrain>(GatewayId).ReportAsync(new ConnectionReport(
                ConnectionId, status, ServerVersion, ConnectedAt, ActiveSessions, Reconnects, Interlocked.Read(ref _completed), Interlocked.Read(ref _failed), [.. errors]));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNodeUnreachable(_logger, GatewayId, ex);
        }
    }

    private void AddError(string code, string message)
    {
        _newErrors.Enqueue(new GatewayError(_time.GetUtcNow(), code, message));
        while (_newErrors.Count > ErrorsKept)
        {
            _newErrors.TryDequeue(out _);
        }
    }

    /// <summary>Waits <paramref name="delay"/>, or less when new settings arrive.</summary>
    private async Task PauseAsync(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await _wake.WaitAsync(delay, stop);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(EventIds.OpenClawConnectionConnected, LogLevel.Information, "OpenClaw gateway {GatewayId} connected to {Url} (server {ServerVersion})")]
    private static partial void LogConnected(ILogger logger, string gatewayId, Uri url, string? serverVersion);

    [LoggerMessage(EventIds.OpenClawConnectionConnectFailed, LogLevel.Warning, "OpenClaw gateway {GatewayId}: connecting to {Url} failed ({Failures} in a row); next attempt in {DelaySeconds:F1} s: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, string gatewayId, Uri url, int failures, double delaySeconds, string reason);

    [LoggerMessage(EventIds.OpenClawConnectionRefused, LogLevel.Warning, "OpenClaw gateway {GatewayId} refused the connection for good ({Code}): {Reason}; no retry until it is registered again")]
    private static partial void LogRefused(ILogger logger, string gatewayId, string code, string reason);

    [LoggerMessage(EventIds.OpenClawConnectionDisconnected, LogLevel.Warning, "OpenClaw gateway {GatewayId} disconnected: {Reason}; reconnecting")]
    private static partial void LogDisconnected(ILogger logger, string gatewayId, string? reason);

    [LoggerMessage(EventIds.OpenClawConnectionShutdown, LogLevel.Information, "OpenClaw gateway {GatewayId} is shutting down: {Reason}")]
    private static partial void LogShutdown(ILogger logger, string gatewayId, string? reason);

    [LoggerMessage(EventIds.OpenClawConnectionNodeUnreachable, LogLevel.Warning, "OpenClaw gateway {GatewayId}: its node or grain did not answer")]
    private static partial void LogNodeUnreachable(ILogger logger, string gatewayId, Exception exception);

    [LoggerMessage(EventIds.OpenClawConnectionAborted, LogLevel.Information, "OpenClaw gateway {GatewayId}: run {RunId} aborted ({Status})")]
    private static partial void LogAborted(ILogger logger, string gatewayId, string runId, string? status);

    [LoggerMessage(EventIds.OpenClawConnectionAbortFailed, LogLevel.Warning, "OpenClaw gateway {GatewayId}: aborting run {RunId} failed: {Reason}")]
    private static partial void LogAbortFailed(ILogger logger, string gatewayId, string runId, string reason);
}

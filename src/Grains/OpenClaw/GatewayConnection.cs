using Claw.Abstractions;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.OpenClaw;
using Claw.Abstractions.Sessions;
using Claw.Grains.OpenClaw.Protocol;

namespace Claw.Grains.OpenClaw;

/// <summary>
/// The silo's one connection to one gateway, and that gateway node's session: the node grain pushes leased
/// <c>openclaw.agent</c> tasks here exactly as to a WebSocket node, and each runs as an <see cref="AgentTurn"/>.
/// The <see cref="ConnectLoop"/> connects (retrying <c>UNAVAILABLE</c> after the gateway's <c>retryAfterMs</c>), the
/// <see cref="NodeSessionLink"/> attaches the session, and on a lost connection detaches it (no new work), keeps the
/// node alive while the loop reconnects with backoff; turns in flight wait and send their request again under the same
/// idempotency key. A close with 1008 (a refused token or bad parameters) puts the gateway in <c>error</c> and ends the
/// loop: nothing retries until it is registered again. The <see cref="ConnectionReporter"/> tells the gateway grain.
/// </summary>
public sealed class GatewayConnection : INodeSession
{
    private readonly CancellationTokenSource _stop = new();
    private readonly TurnBook _turns = new();
    private readonly ConnectionReporter _reporter;
    private readonly NodeSessionLink _session;
    private readonly ConnectLoop _loop;
    private ConnectionSettings _settings;
    private volatile bool _quiet;
    private Task _keepAlive = Task.CompletedTask;

    public GatewayConnection(string gatewayId, ConnectionSettings settings, IGrainFactory grains, DeviceKeys devices, OpenClawOptions options,
        OpenClawMetrics metrics, TimeProvider time, ILogger logger)
    {
        GatewayId = gatewayId;
        _settings = settings;
        Grains = grains;
        Options = options;
        Metrics = metrics;
        Time = time;
        Logger = logger;
        _reporter = new ConnectionReporter(this);
        _session = new NodeSessionLink(this, _reporter);
        _loop = new ConnectLoop(this, devices, _turns, _session, _reporter, _stop.Token);
    }

    public string GatewayId { get; }

    /// <summary>One node session id for the life of this object, across reconnects, so re-attaching never replaces itself.</summary>
    public string ConnectionId { get; } = Guid.NewGuid().ToString();

    public GatewayStatus Status => _loop.Status;

    public string? ServerVersion => _loop.ServerVersion;

    public DateTimeOffset? ConnectedAt => _loop.ConnectedAt;

    public long Reconnects => _loop.Reconnects;

    /// <summary>Set when the node grain gave this gateway's session to a newer connection (on another silo): this one is done.</summary>
    public bool Superseded { get; private set; }

    public bool Ended => _loop.Running.IsCompleted;

    public ConnectionSettings Settings => _settings;

    /// <summary>Turns running on the gateway now: the sessions in use.</summary>
    public int ActiveSessions => _turns.Running;

    public SessionLanes Lanes { get; } = new();

    internal IGrainFactory Grains { get; }

    internal OpenClawOptions Options { get; }

    internal OpenClawMetrics Metrics { get; }

    internal TimeProvider Time { get; }

    internal ILogger Logger { get; }

    internal bool IsConnected => _loop.Client is not null;

    internal bool HasTurns => !_turns.IsEmpty;

    /// <summary>The silo shuts down: the node and grain go down with it and are told nothing.</summary>
    internal bool Quiet => _quiet;

    /// <summary>Starts the loops on the thread pool, outside the calling grain's scheduler (grains call this; the loops outlive their turn).</summary>
    public void Start()
    {
        _loop.Start();
        _keepAlive = Task.Run(() => _session.KeepAliveAsync(_stop.Token));
    }

    /// <summary>New settings from the grain: a new url or token opens a new socket (and ends an <c>error</c>).</summary>
    public void Update(ConnectionSettings settings)
    {
        var reconnect = settings.NeedsReconnect(_settings);
        _settings = settings;
        if (reconnect)
        {
            _loop.Reconnect();
        }
    }

    /// <summary>Stops for good; <paramref name="quietly"/> (the silo shuts down) skips telling the node and grain, which go down with it.</summary>
    public async Task StopAsync(bool quietly = false)
    {
        _quiet = quietly;
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        _turns.LoseAll(quietly ? "the silo is shutting down" : "the gateway connection stopped", abort: !quietly);
        await Task.WhenAll(_loop.Running, _keepAlive);
        Metrics.GatewayGone(GatewayId);
    }

    /// <summary>The live client, waiting for a (re)connection up to <paramref name="patience"/>; null when it did not come.</summary>
    internal Task<GatewayClient?> WaitConnectedAsync(TimeSpan patience, CancellationToken cancellationToken) =>
        _loop.WaitConnectedAsync(patience, cancellationToken);

    /// <summary>Waits <paramref name="delay"/>, or less when new settings arrive.</summary>
    internal Task PauseAsync(TimeSpan delay, CancellationToken stop) => _loop.PauseAsync(delay, stop);

    internal void RegisterRun(string runId, AgentTurn turn) => _turns.AddRun(runId, turn);

    internal void UnregisterRun(string runId) => _turns.RemoveRun(runId);

    internal void TurnEnded(AgentTurn turn, bool? completed, string? gatewayError)
    {
        _turns.Remove(turn);
        _reporter.TurnEnded(completed, gatewayError);
    }

    internal void TurnRunning() => _reporter.ReportSoon();

    /// <summary>Asks the gateway to abort a run (cancel, or the lease was lost); best effort.</summary>
    internal async Task AbortAsync(string? sessionKey, string runId)
    {
        if (_loop.Client is not { } client)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var parameters = sessionKey is null ? (object)new { runId } : new { key = sessionKey, runId };
            var answer = await client.CallAsync("sessions.abort", parameters, timeout.Token);
            Logger.Aborted(GatewayId, runId, answer.Str("status"));
        }
        catch (Exception ex) when (ex is GatewayRefusedException or GatewayClosedException or OperationCanceledException)
        {
            Logger.AbortFailed(GatewayId, runId, ex.Message);
        }
    }

    public Task<bool> AssignAsync(Assignment assignment, long frameId)
    {
        if (_stop.IsCancellationRequested || _loop.Client is null)
        {
            return Task.FromResult(false); // the node grain gives the lease back untouched
        }

        var turn = new AgentTurn(this, assignment);
        if (_turns.TryAdd(turn))
        {
            turn.RunAsync().Ignore();
        }

        return Task.FromResult(true);
    }

    public Task NoticeAsync(SessionNotice notice)
    {
        foreach (var turn in _turns.Of(notice.TaskId, notice.LeaseId))
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
}

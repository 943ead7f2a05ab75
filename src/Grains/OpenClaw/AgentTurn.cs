using Claw.Abstractions;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Leases;
using Claw.Abstractions.OpenClaw;
using Claw.Abstractions.Tasks;
using Claw.Grains.OpenClaw.Protocol;

namespace Claw.Grains.OpenClaw;

/// <summary>
/// One leased <c>openclaw.agent</c> task attempt: find its session's gateway (waiting, unstarted, for that gateway to
/// take the task over when it is another), wait for the session's lane, start the task, send one <c>agent</c> request
/// with <c>idempotencyKey = {task_id}:{attempt}</c> (sent again under the same key after a lost connection, so a turn
/// the gateway already ran is answered from its cache, not run twice), turn streamed events into coalesced progress,
/// renew the lease while it runs, and end the lease with the reply or the gateway's error. A cancel or a lost lease
/// aborts the run on the gateway and reports nothing: the lease is no longer this turn's.
/// </summary>
internal sealed partial class AgentTurn(GatewayConnection connection, Assignment assignment)
{
    /// <summary>Refusals as unavailable in a row after which the turn fails (retriably) instead of asking again.</summary>
    private const int MaxUnavailable = 20;

    /// <summary>The same, once the gateway accepted the run.</summary>
    private const int MaxUnavailableAfterStart = 3;

    private readonly CancellationTokenSource _lost = new();
    private readonly object _gate = new();
    private string? _phase;
    private string? _text;
    private string? _eventSessionKey;
    private string? _stopReason;
    private bool _progressDirty;
    private string? _gatewaySessionKey;
    private string? _runInFlight;
    private string? _sentRunId;
    private volatile bool _abort = true;

    public string TaskId => assignment.TaskId;

    public string LeaseId => assignment.LeaseId;

    /// <summary>Started on the gateway: a session in use.</summary>
    public bool Running { get; private set; }

    private LeaseProof Proof => new(assignment.LeaseId, assignment.LeaseToken, connection.Settings.NodeId);

    private ITaskGrain Task_ => connection.Grains.GetGrain<ITaskGrain>(assignment.TaskId);

    private ILogger Logger => connection.Logger;

    public async Task RunAsync()
    {
        using var stopRenewing = new CancellationTokenSource();
        var renewals = RenewLoopAsync(stopRenewing.Token);
        IDisposable? lane = null;
        bool? completed = null;
        string? gatewayError = null;
        try
        {
            var payload = AgentPayload.Parse(assignment.TaskPayloadJson, out var invalid);
            if (payload is null)
            {
                await Task_.FailAsync(Proof, $"invalid_payload: {invalid}", retriable: false);
                completed = false;
                return;
            }

            var sessionKey = payload.SessionKey ?? await DefaultSessionKeyAsync();
            if (sessionKey is not null)
            {
                if (!await HoldSessionAsync(sessionKey))
                {
                    return; // another gateway took the task over
                }

                lane = await connection.Lanes.EnterAsync(sessionKey, _lost.Token);
            }

            var outcome = await AskAsync(payload, sessionKey);
            stopRenewing.Cancel();
            await renewals;
            if (outcome is null)
            {
                await ReleaseAsync();
                return;
            }

            completed = outcome.Completed;
            gatewayError = outcome.Completed ? null : outcome.Error;
            if (!outcome.Completed)
            {
                LogTurnRefused(Logger, TaskId, assignment.Attempt, outcome.Error!, outcome.Retriable);
            }

            await (outcome.Completed ? Task_.CompleteAsync(Proof, outcome.ResultJson) : Task_.FailAsync(Proof, outcome.Error!, outcome.Retriable));
            connection.Metrics.Turns.Add(1, new KeyValuePair<string, object?>("outcome", outcome.Completed ? "completed" : "failed"));
        }
        catch (OperationCanceledException) when (_lost.IsCancellationRequested)
        {
            await AbortInFlightAsync();
        }
        catch (ClawException refused)
        {
            LogResultRefused(Logger, TaskId, LeaseId, refused.Code); // the lease ended meanwhile (cancel, expiry, reassignment)
            await AbortInFlightAsync();
        }
        catch (Exception ex)
        {
            LogTurnFailed(Logger, TaskId, ex); // the cluster did not answer: the lease runs out and the task is retried
        }
        finally
        {
            stopRenewing.Cancel();
            await renewals;
            lane?.Dispose();
            Running = false;
            connection.TurnEnded(this, completed, gatewayError);
        }
    }

    /// <summary>
    /// The lease is no longer this turn's (cancel, revoked, expired) or the connection stops: the run is aborted on the
    /// gateway, unless <paramref name="abort"/> is false (the silo shuts down: the run goes on, and the connection that
    /// takes over asks for it again under the same key).
    /// </summary>
    public void Lose(string reason, bool abort = true)
    {
        if (!_lost.IsCancellationRequested)
        {
            _abort = abort;
            LogLost(Logger, TaskId, LeaseId, reason);
            _lost.Cancel();
        }
    }

    public void OnEvent(string name, JsonElement payload)
    {
        if (name != "agent")
        {
            return;
        }

        var data = payload.Prop("data") ?? default;
        lock (_gate)
        {
            _eventSessionKey ??= payload.Str("sessionKey");
            switch (payload.Str("stream"))
            {
                case "lifecycle":
                    _phase = data.Str("phase") ?? _phase;
                    _stopReason = data.Str("stopReason") ?? _stopReason;
                    break;
                case "assistant":
                    _text = data.Str("text") ?? (_text + data.Str("delta"));
                    _phase = "streaming";
                    break;
            }

            _progressDirty = true;
        }
    }

    /// <summary>The session of a task without <c>session_key</c>: its workflow's, else its swarm's, else none (a fresh one per turn).</summary>
    private async Task<string?> DefaultSessionKeyAsync()
    {
        var task = await Task_.GetAsync();
        return task?.WorkflowId ?? task?.SwarmId;
    }

    /// <summary>
    /// True when this gateway holds the session. Otherwise the owner is asked to take the task over (its assign revokes
    /// this unstarted lease: false) while this turn keeps the lease alive; should the owner stop serving, the session
    /// moves here.
    /// </summary>
    private async Task<bool> HoldSessionAsync(string sessionKey)
    {
        var session = connection.Grains.GetGrain<IOpenClawSessionGrain>(SessionGrain.KeyFor(sessionKey));
        while (true)
        {
            var owner = await session.RouteAsync(connection.GatewayId);
            if (owner == connection.GatewayId)
            {
                return true;
            }

            LogForwarded(Logger, TaskId, sessionKey, owner);
            await connection.Grains.GetGrain<IOpenClawGatewayGrain>(owner).AdoptAsync(TaskId, sessionKey);
            try
            {
                await Task.Delay(connection.Options.SessionRecheck, connection.Time, _lost.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    /// <summary>The final answer of the turn, or null when the gateway stayed unreachable past the session grace (the lease is given back).</summary>
    private async Task<AgentOutcome?> AskAsync(AgentPayload payload, string? sessionKey)
    {
        var runId = $"{assignment.TaskId}:{assignment.Attempt}";
        var agentId = payload.AgentId ?? connection.Settings.AgentId;
        _gatewaySessionKey = sessionKey is null
            ? AgentPayload.OwnSessionKey(agentId, assignment.TaskId, assignment.Attempt)
            : AgentPayload.GatewaySessionKey(agentId, sessionKey);
        var parameters = Parameters(payload, runId, agentId);
        connection.RegisterRun(runId, this);
        using var stopFlushing = new CancellationTokenSource();
        var flusher = FlushProgressAsync(stopFlushing.Token);
        var unavailable = 0;
        try
        {
            while (true)
            {
                var client = await connection.WaitConnectedAsync(connection.Options.SessionGrace, _lost.Token);
                if (client is null)
                {
                    return null;
                }

                if (!Running)
                {
                    await Task_.StartAsync(Proof);
                    Running = true;
                    connection.TurnRunning();
                }

                var watch = Stopwatch.StartNew();
                var accepted = false;
                try
                {
                    _runInFlight = _sentRunId = runId;
                    LogSending(Logger, TaskId, runId, _gatewaySessionKey);
                    var final = await client.CallAsync("agent", parameters, _lost.Token, _ =>
                    {
                        accepted = true;
                        MarkProgress("accepted");
                    });
                    connection.Metrics.TurnDuration.Record(watch.Elapsed.TotalSeconds);
                    lock (_gate)
                    {
                        return AgentOutcome.From(final, runId, _eventSessionKey ?? _gatewaySessionKey, _stopReason);
                    }
                }
                catch (GatewayClosedException closed)
                {
                    LogResending(Logger, TaskId, runId, closed.Message); // same idempotency key: never a second turn for this attempt
                }
                catch (GatewayRefusedException refused) when (refused.Code == "UNAVAILABLE" && refused.Retryable && ++unavailable < (accepted ? MaxUnavailableAfterStart : MaxUnavailable))
                {
                    // Asked again under the same key after the gateway's wait. Before the run began the gateway is busy or
                    // starting; after, it may have lost a race with its own restart recovery ("changed while starting
                    // work. Retry."), or the run failed for good and the same key answers that from its cache: a few
                    // asks tell the two apart, then it is the attempt's failure.
                    await Task.Delay(refused.RetryAfter ?? TimeSpan.FromSeconds(1), connection.Time, _lost.Token);
                }
                catch (GatewayRefusedException refused)
                {
                    return AgentOutcome.Refused(refused);
                }
            }
        }
        finally
        {
            _runInFlight = null;
            lock (_gate)
            {
                _progressDirty = false;
            }

            connection.UnregisterRun(runId);
            stopFlushing.Cancel();
            await flusher;
        }
    }

    private object Parameters(AgentPayload payload, string runId, string agentId)
    {
        var parameters = new JsonObject { ["message"] = payload.Message, ["idempotencyKey"] = runId, ["agentId"] = agentId, ["sessionKey"] = _gatewaySessionKey };

        if (payload.TimeoutSeconds is { } timeout)
        {
            parameters["timeout"] = timeout;
        }

        return parameters;
    }

    private void MarkProgress(string phase)
    {
        lock (_gate)
        {
            _phase = phase;
            _progressDirty = true;
        }
    }

    /// <summary>Streamed events become at most one progress write per interval, the latest state kept.</summary>
    private async Task FlushProgressAsync(CancellationToken stop)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(stop, _lost.Token);
        while (true)
        {
            try
            {
                await Task.Delay(connection.Options.ProgressInterval, connection.Time, both.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            TaskProgress? progress = null;
            lock (_gate)
            {
                if (_progressDirty && _runInFlight is not null)
                {
                    _progressDirty = false;
                    progress = new TaskProgress(Percent(_phase), _phase, ProgressData(), default);
                }
            }

            if (progress is not null)
            {
                try
                {
                    await Task_.ProgressAsync(Proof, progress);
                }
                catch (Exception ex) when (ex is ClawException or TimeoutException or OrleansException)
                {
                    LogProgressRefused(Logger, TaskId, ex.Message);
                }
            }
        }
    }

    private string ProgressData()
    {
        var text = _text is { Length: > 2000 } full ? full[..2000] : _text;
        return new JsonObject { ["phase"] = _phase, ["run_id"] = _runInFlight, ["session_key"] = _eventSessionKey, ["text"] = text }.ToJsonString();
    }

    private static int Percent(string? phase) => phase switch
    {
        "accepted" => 5,
        "start" => 10,
        "model" => 20,
        "streaming" => 50,
        "finishing" => 90,
        "end" => 95,
        _ => 10,
    };

    /// <summary>Renews the lease at a third of its length while the turn lives; a refused renewal means the lease is lost.</summary>
    private async Task RenewLoopAsync(CancellationToken stop)
    {
        var length = assignment.ExpiresAt - connection.Time.GetUtcNow();
        var every = TimeSpan.FromTicks(Math.Clamp(length.Ticks / 3, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromMinutes(2).Ticks));
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, connection.Time, stop);
                await Task_.RenewAsync(Proof);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ClawException refused)
            {
                Lose(refused.Code);
                return;
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException)
            {
                LogProgressRefused(Logger, TaskId, ex.Message); // the next renewal tries again before the deadline
            }
        }
    }

    private async Task AbortInFlightAsync()
    {
        if (_sentRunId is { } runId && _abort)
        {
            connection.Metrics.Turns.Add(1, new KeyValuePair<string, object?>("outcome", "aborted"));
            await connection.AbortAsync(_gatewaySessionKey, runId);
        }
    }

    /// <summary>Gives the task back untouched (no attempt spent): the gateway stayed away past the grace.</summary>
    private async Task ReleaseAsync()
    {
        try
        {
            await Task_.ReleaseAsync(Proof);
        }
        catch (ClawException refused)
        {
            LogResultRefused(Logger, TaskId, LeaseId, refused.Code);
        }
    }

    [LoggerMessage(EventIds.OpenClawTurnLost, LogLevel.Information, "OpenClaw task {TaskId} (lease {LeaseId}) lost: {Reason}")]
    private static partial void LogLost(ILogger logger, string taskId, string leaseId, string reason);

    [LoggerMessage(EventIds.OpenClawTurnResultRefused, LogLevel.Information, "OpenClaw task {TaskId}: the lease {LeaseId} ended before its result ({Code})")]
    private static partial void LogResultRefused(ILogger logger, string taskId, string leaseId, string code);

    [LoggerMessage(EventIds.OpenClawTurnTurnFailed, LogLevel.Warning, "OpenClaw task {TaskId}: the turn failed; its lease runs out and the task is retried")]
    private static partial void LogTurnFailed(ILogger logger, string taskId, Exception exception);

    [LoggerMessage(EventIds.OpenClawTurnForwarded, LogLevel.Information, "OpenClaw task {TaskId}: its session {Session} lives on gateway {Owner}; asking it to take the task over")]
    private static partial void LogForwarded(ILogger logger, string taskId, string session, string owner);

    [LoggerMessage(EventIds.OpenClawTurnResending, LogLevel.Warning, "OpenClaw task {TaskId}: the connection dropped during run {RunId} ({Reason}); sending it again under the same key once reconnected")]
    private static partial void LogResending(ILogger logger, string taskId, string runId, string reason);

    [LoggerMessage(EventIds.OpenClawTurnTurnRefused, LogLevel.Warning, "OpenClaw task {TaskId}: attempt {Attempt} failed on the gateway: {Error} (retriable: {Retriable})")]
    private static partial void LogTurnRefused(ILogger logger, string taskId, int attempt, string error, bool retriable);

    [LoggerMessage(EventIds.OpenClawTurnSending, LogLevel.Debug, "OpenClaw task {TaskId}: agent request {RunId} sent (session {Session})")]
    private static partial void LogSending(ILogger logger, string taskId, string runId, string? session);

    [LoggerMessage(EventIds.OpenClawTurnProgressRefused, LogLevel.Debug, "OpenClaw task {TaskId}: a progress or renewal call was refused: {Reason}")]
    private static partial void LogProgressRefused(ILogger logger, string taskId, string reason);
}

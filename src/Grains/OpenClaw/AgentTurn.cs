using Claw.Abstractions;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Tasks;
using Claw.Grains.OpenClaw.Protocol;
using Claw.Abstractions.Audit;

namespace Claw.Grains.OpenClaw;

/// <summary>
/// One leased <c>openclaw.agent</c> task attempt: find its session's gateway (waiting, unstarted, for that gateway to
/// take the task over when it is another: <see cref="SessionOwnership"/>), wait for the session's lane, start the task,
/// send one <c>agent</c> request with <c>idempotencyKey = {task_id}:{attempt}</c> (sent again under the same key after a
/// lost connection, so a turn the gateway already ran is answered from its cache, not run twice, and one it still runs
/// is waited for), turn streamed events
/// into coalesced progress (<see cref="TurnProgress"/>), renew the lease while it runs (<see cref="LeaseUpkeep"/>), and
/// end the lease with the reply or the gateway's error. A cancel or a lost lease aborts the run on the gateway and
/// reports nothing: the lease is no longer this turn's.
/// </summary>
internal sealed class AgentTurn
{
    /// <summary>How long one <c>agent.wait</c> for a run still in flight may take before the key is asked again.</summary>
    private static readonly TimeSpan RunWaitSlice = TimeSpan.FromSeconds(30);

    private readonly GatewayConnection _connection;
    private readonly Assignment _assignment;
    private readonly CancellationTokenSource _lost = new();
    private readonly TurnProgress _progress = new();
    private readonly LeaseUpkeep _upkeep;
    private string? _gatewaySessionKey;
    private string? _runInFlight;
    private string? _sentRunId;
    private volatile bool _abort = true;

    public AgentTurn(GatewayConnection connection, Assignment assignment)
    {
        _connection = connection;
        _assignment = assignment;
        _upkeep = new LeaseUpkeep(assignment.TaskId, Task_, Proof, connection, _lost.Token);
    }

    public string TaskId => _assignment.TaskId;

    public string LeaseId => _assignment.LeaseId;

    /// <summary>Started on the gateway: a session in use.</summary>
    public bool Running { get; private set; }

    private LeaseProof Proof => new(_assignment.LeaseId, _assignment.LeaseToken, _connection.Settings.NodeId);

    private ITaskGrain Task_ => _connection.Grains.GetGrain<ITaskGrain>(_assignment.TaskId);

    private ILogger Logger => _connection.Logger;

    public async Task RunAsync()
    {
        using var stopRenewing = new CancellationTokenSource();
        var renewals = _upkeep.RenewAsync(_assignment.ExpiresAt, code => Lose(code), stopRenewing.Token);
        IDisposable? lane = null;
        bool? completed = null;
        string? gatewayError = null;
        try
        {
            var payload = AgentPayload.Parse(_assignment.TaskPayloadJson, out var invalid);
            if (payload is null)
            {
                await Task_.FailAsync(Proof, $"invalid_payload: {invalid}", retriable: false);
                completed = false;
                return;
            }

            var sessionKey = payload.SessionKey ?? await SessionOwnership.DefaultKeyAsync(Task_);
            if (sessionKey is not null)
            {
                if (!await SessionOwnership.HoldAsync(_connection, TaskId, sessionKey, _lost.Token))
                {
                    return; // another gateway took the task over
                }

                lane = await _connection.Lanes.EnterAsync(sessionKey, _lost.Token);
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
                Logger.TurnRefused(TaskId, _assignment.Attempt, SecretRedactor.Redact(outcome.Error!), outcome.Retriable);
            }

            await (outcome.Completed ? Task_.CompleteAsync(Proof, outcome.ResultJson) : Task_.FailAsync(Proof, outcome.Error!, outcome.Retriable));
            _connection.Metrics.Turns.Add(1, new KeyValuePair<string, object?>("outcome", outcome.Completed ? "completed" : "failed"));
        }
        catch (OperationCanceledException) when (_lost.IsCancellationRequested)
        {
            await AbortInFlightAsync();
        }
        catch (ClawException refused)
        {
            Logger.TurnResultRefused(TaskId, LeaseId, refused.Code); // the lease ended meanwhile (cancel, expiry, reassignment)
            await AbortInFlightAsync();
        }
        catch (Exception ex)
        {
            Logger.TurnFailed(TaskId, ex); // the cluster did not answer: the lease runs out and the task is retried
        }
        finally
        {
            stopRenewing.Cancel();
            await renewals;
            lane?.Dispose();
            Running = false;
            _connection.TurnEnded(this, completed, gatewayError);
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
            Logger.TurnLost(TaskId, LeaseId, reason);
            _lost.Cancel();
        }
    }

    public void OnEvent(string name, JsonElement payload) => _progress.OnEvent(name, payload);

    /// <summary>The final answer of the turn, or null when the gateway stayed unreachable past the session grace (the lease is given back).</summary>
    private async Task<AgentOutcome?> AskAsync(AgentPayload payload, string? sessionKey)
    {
        var runId = $"{_assignment.TaskId}:{_assignment.Attempt}";
        var agentId = payload.AgentId ?? _connection.Settings.AgentId;
        _gatewaySessionKey = sessionKey is null
            ? AgentPayload.OwnSessionKey(agentId, _assignment.TaskId, _assignment.Attempt)
            : AgentPayload.GatewaySessionKey(agentId, sessionKey);
        var parameters = Parameters(payload, runId, agentId);
        _connection.RegisterRun(runId, this);
        using var stopFlushing = new CancellationTokenSource();
        var flusher = _upkeep.FlushAsync(_progress, () => _runInFlight, stopFlushing.Token);
        var unavailable = 0;
        try
        {
            while (true)
            {
                var client = await _connection.WaitConnectedAsync(_connection.Options.SessionGrace, _lost.Token);
                if (client is null)
                {
                    return null;
                }

                if (!Running)
                {
                    await Task_.StartAsync(Proof);
                    Running = true;
                    _connection.TurnRunning();
                }

                var watch = Stopwatch.StartNew();
                var accepted = false;
                try
                {
                    _runInFlight = _sentRunId = runId;
                    Logger.TurnSending(TaskId, runId, _gatewaySessionKey);
                    var final = await client.CallAsync("agent", parameters, _lost.Token, _ =>
                    {
                        accepted = true;
                        _progress.Mark("accepted");
                    });
                    if (final.Str("status") == "in_flight")
                    {
                        Logger.TurnStillInFlight(TaskId, runId);
                        await AwaitRunAsync(client, runId);
                        continue; // asked again under the key: a finished run is answered from the gateway's cache
                    }

                    _connection.Metrics.TurnDuration.Record(watch.Elapsed.TotalSeconds);
                    var (eventSessionKey, stopReason) = _progress.Seen;
                    return AgentOutcome.From(final, runId, eventSessionKey ?? _gatewaySessionKey, stopReason);
                }
                catch (GatewayClosedException closed)
                {
                    Logger.TurnResending(TaskId, runId, closed.Message); // same idempotency key: never a second turn for this attempt
                }
                catch (GatewayRefusedException refused) when (refused.Code == "UNAVAILABLE" && refused.Retryable && UnavailableRetries.AskAgain(++unavailable, accepted))
                {
                    await Task.Delay(refused.RetryAfter ?? TimeSpan.FromSeconds(1), _connection.Time, _lost.Token); // asked again under the same key after the gateway's wait
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
            _progress.Settle();
            _connection.UnregisterRun(runId);
            stopFlushing.Cancel();
            await flusher;
        }
    }

    /// <summary>
    /// Waits (<c>agent.wait</c>, a slice at a time) for the run this attempt's key started before its connection
    /// dropped: the gateway runs it on, and answers the key sent again with <c>in_flight</c> and no final.
    /// </summary>
    private async Task AwaitRunAsync(GatewayClient client, string runId)
    {
        try
        {
            await client.CallAsync("agent.wait", new JsonObject { ["runId"] = runId, ["timeoutMs"] = (int)RunWaitSlice.TotalMilliseconds }, _lost.Token);
        }
        catch (GatewayRefusedException)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), _connection.Time, _lost.Token); // a run it cannot wait for: ask again after a pause
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

    private async Task AbortInFlightAsync()
    {
        if (_sentRunId is { } runId && _abort)
        {
            _connection.Metrics.Turns.Add(1, new KeyValuePair<string, object?>("outcome", "aborted"));
            await _connection.AbortAsync(_gatewaySessionKey, runId);
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
            Logger.TurnResultRefused(TaskId, LeaseId, refused.Code);
        }
    }
}

using Claw.Abstractions;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.WireGuard;
using Claw.Grains.Dispatch;
using Claw.Grains.Storage;
using Claw.Grains.Telemetry;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Claw.Grains.Nodes;

/// <summary>
/// One peer node. Heartbeats and the lease set are kept in memory (the set is rebuilt from the tasks table on
/// activation); only registration and liveness transitions are written. A grain timer gives precise crash detection
/// while the grain is active; a reminder is the durable backstop that fires after a silo dies.
/// </summary>
public sealed partial class NodeGrain(
    [PersistentState("node", RelationalGrainStorage.ProviderName)] IPersistentState<NodeState> state,
    IOptions<NodeOptions> nodeOptions,
    IOptions<ReminderOptions> reminderOptions,
    IOptions<DispatchOptions> dispatchOptions,
    ClawDatabase database,
    ClawMetrics metrics,
    TimeProvider time,
    ILogger<NodeGrain> logger) : Grain, INodeGrain, IRemindable
{
    private const string LivenessReminder = "liveness";

    private DateTimeOffset _lastSeen;
    private IGrainTimer? _livenessTimer;

    private string NodeId => this.GetPrimaryKeyString();

    private NodeState Node => state.State;

    private TimeSpan CrashAfter => nodeOptions.Value.CrashAfter;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Beats are not persisted: after a (re)activation the node gets a full crash_after of grace from now.
        _lastSeen = time.GetUtcNow();
        if (Node.IsRegistered)
        {
            _leases = await NodeLeaseQuery.ActiveLeasesAsync(database, NodeId);
            if (Node.Status != NodeStatus.Offline)
            {
                metrics.NodeOnline();
                StartLivenessTimer();
            }
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (Node.IsRegistered && Node.Status != NodeStatus.Offline)
        {
            metrics.NodeOffline();
        }

        if (Node.IsRegistered && _countsChanged)
        {
            await state.WriteStateAsync(); // completed/failed counters are written lazily, not per task
        }
    }

    public async Task<RegistrationResult> RegisterAsync(NodeRegistration registration)
    {
        if (registration.IdempotencyKey is { } key && Node.IsRegistered && key == Node.IdempotencyKey)
        {
            return registration.IdempotencyFingerprint == Node.IdempotencyFingerprint
                ? new RegistrationResult(View(), Replayed: true)
                : throw ClawException.Conflict(ErrorCodes.IdempotencyConflict, "This idempotency key was used with a different request body.");
        }

        var now = time.GetUtcNow();
        var isNew = !Node.IsRegistered;
        var wasOnline = Node.IsRegistered && Node.Status != NodeStatus.Offline;
        Node.Apply(registration);
        if (isNew)
        {
            Node.CreatedAt = now;
        }

        Node.Status = NodeStatus.Online;
        Node.ManualBusy = false;
        Node.LastHeartbeatAt = now;
        await WriteAsync();
        _lastSeen = now;
        if (!wasOnline)
        {
            metrics.NodeOnline();
        }

        await EnsureLivenessWatchAsync();
        metrics.NodesRegistered.Add(1);
        LogRegistered(logger, NodeId, isNew, CorrelationId);
        return new RegistrationResult(View(), Replayed: false);
    }

    public Task<NodeView?> GetAsync() => Task.FromResult(Node.IsRegistered ? View() : null);

    public async Task<NodeView> HeartbeatAsync()
    {
        await SeenAsync();
        return View();
    }

    public async Task<NodeView> SetBusyAsync(bool busy)
    {
        await SeenAsync();
        Node.ManualBusy = busy;
        await WriteAsync();
        WakeWaiters();
        return View();
    }

    public async Task<NodeView> SetSwarmAsync(string? swarmId)
    {
        EnsureRegistered();
        if (Node.SwarmId != swarmId)
        {
            Node.SwarmId = swarmId;
            await WriteAsync();
            WakeWaiters(); // a waiting poll takes again with the new profile
        }

        return View();
    }

    public async Task<NodeView> DrainAsync()
    {
        await SeenAsync();
        Node.Status = NodeStatus.Draining;
        await WriteAsync();
        WakeWaiters();
        return View();
    }

    public async Task DeregisterAsync()
    {
        EnsureRegistered();
        await GrainFactory.GetGrain<IWireGuardPoolGrain>(IWireGuardPoolGrain.Key).ReleaseAsync(NodeId); // first: a failure leaves the node to deregister again
        await RevokeAllAsync("node deregistered");
        if (Node.Status != NodeStatus.Offline)
        {
            metrics.NodeOffline();
        }

        await StopLivenessWatchAsync();
        await state.ClearStateAsync();
        DropSession();
        WakeWaiters();
        DeactivateOnIdle();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => CheckLivenessAsync();

    /// <summary>Any sign of life: remembered in memory; an offline node comes back online (a written transition).</summary>
    private async Task SeenAsync()
    {
        EnsureRegistered();
        _lastSeen = time.GetUtcNow();
        if (Node.Status == NodeStatus.Offline)
        {
            Node.Status = NodeStatus.Online;
            Node.LastHeartbeatAt = _lastSeen;
            await WriteAsync();
            metrics.NodeOnline();
            await EnsureLivenessWatchAsync();
            LogBackOnline(logger, NodeId, CorrelationId);
        }
    }

    private async Task CheckLivenessAsync()
    {
        if (!Node.IsRegistered || Node.Status == NodeStatus.Offline)
        {
            await StopLivenessWatchAsync();
            return;
        }

        if (_pollsInFlight > 0)
        {
            _lastSeen = time.GetUtcNow(); // a node blocked in a long poll is alive
        }

        var silence = time.GetUtcNow() - _lastSeen;
        if (silence < CrashAfter)
        {
            return;
        }

        Node.Status = NodeStatus.Offline;
        Node.LastHeartbeatAt = _lastSeen;
        await WriteAsync();
        metrics.NodeOffline();
        metrics.NodesCrashed.Add(1);
        LogCrashed(logger, NodeId, silence.TotalSeconds, _leases.Count);
        DropSession(); // a session that stayed silent this long is dead
        await RevokeAllAsync("node_crashed");
        await StopLivenessWatchAsync();
        WakeWaiters();
    }

    /// <summary>Revokes every lease in parallel; each lease tells its task, which requeues itself.</summary>
    private async Task RevokeAllAsync(string reason)
    {
        var leases = _leases.ToList();
        _leases.Clear();
        await Task.WhenAll(leases.Select(id => GrainFactory.GetGrain<ILeaseGrain>(id).RevokeAsync(reason)));
    }

    private async Task EnsureLivenessWatchAsync()
    {
        StartLivenessTimer();
        var period = Max(CrashAfter / 2, reminderOptions.Value.MinimumReminderPeriod);
        await this.RegisterOrUpdateReminder(LivenessReminder, period, period);
    }

    private async Task StopLivenessWatchAsync()
    {
        _livenessTimer?.Dispose();
        _livenessTimer = null;
        await this.UnregisterReminderIfAnyAsync(LivenessReminder);
    }

    private void StartLivenessTimer()
    {
        if (_livenessTimer is null)
        {
            var tick = Max(CrashAfter / 4, TimeSpan.FromMilliseconds(100));
            _livenessTimer = this.RegisterGrainTimer(_ => CheckLivenessAsync(), new GrainTimerCreationOptions(tick, tick));
        }
    }

    private async Task WriteAsync()
    {
        Node.UpdatedAt = time.GetUtcNow();
        await state.WriteOrForgetAsync(this);
        _countsChanged = false;
    }

    private void EnsureRegistered()
    {
        if (!Node.IsRegistered)
        {
            throw ClawException.NotFound("node", NodeId);
        }
    }

    private NodeView View() => Node.ToView(NodeId, _lastSeen, _leases.Count) with { Status = EffectiveStatus };

    /// <summary><c>busy</c> is derived: every slot leased, or set by hand (ClawBot).</summary>
    private NodeStatus EffectiveStatus => Node.Status == NodeStatus.Online && (Node.ManualBusy || _leases.Count >= Node.MaxConcurrentTasks)
        ? NodeStatus.Busy
        : Node.Status;

    private static string? CorrelationId => RequestContext.Get(CorrelationContext.Key) as string;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(100, LogLevel.Information, "Node {NodeId} registered (new: {IsNew}) [correlation {CorrelationId}]")]
    private static partial void LogRegistered(ILogger logger, string nodeId, bool isNew, string? correlationId);

    [LoggerMessage(101, LogLevel.Information, "Node {NodeId} is back online [correlation {CorrelationId}]")]
    private static partial void LogBackOnline(ILogger logger, string nodeId, string? correlationId);

    [LoggerMessage(102, LogLevel.Warning, "Node {NodeId} declared crashed after {SilenceSeconds:F1} s without a heartbeat; revoking {Leases} leases")]
    private static partial void LogCrashed(ILogger logger, string nodeId, double silenceSeconds, int leases);
}

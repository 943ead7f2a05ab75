using System.Collections.Immutable;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Sessions;
using Claw.Abstractions.WireGuard;
using Claw.Grains.Dispatch;
using Claw.Grains.Storage;
using Claw.Grains.Tasks;
using Claw.Grains.Telemetry;
using Microsoft.Extensions.Options;

namespace Claw.Grains.Nodes;

/// <summary>
/// One peer node: its registration (<see cref="NodeRecord"/>, written on transitions only), its liveness
/// (<see cref="CrashWatch"/>: beats in memory, a timer plus a reminder) and its slots (<see cref="SlotLedger"/>, kept in
/// step with the tasks table by <see cref="LeaseAuditor"/>). Every lease of the node is taken through it: by a poll (<see cref="NodeWork"/>)
/// or pushed to its WebSocket session (<see cref="NodePush"/>), never of a type its breakers bar (<see cref="NodeBreakers"/>);
/// what became of them moves its counters and breakers (<see cref="NodeOutcomes"/>).
/// </summary>
public sealed class NodeGrain : Grain, INodeGrain, IRemindable
{
    private readonly NodeRecord _node;
    private readonly ClawMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SlotLedger _slots = new();
    private readonly CrashWatch _crashWatch;
    private readonly NodeWork _work;
    private readonly NodePush _push;
    private readonly NodeBreakers _breakers;
    private readonly NodeOutcomes _outcomes;
    private readonly LeaseAuditor _auditor;

    public NodeGrain(
        [PersistentState("node", RelationalGrainStorage.ProviderName)] IPersistentState<NodeState> state,
        IGrainContext context,
        IGrainFactory grains,
        IOptions<NodeOptions> nodeOptions,
        IOptions<ReminderOptions> reminderOptions,
        IOptions<DispatchOptions> dispatchOptions,
        IOptions<BreakerOptions> breakerOptions,
        IOptions<OfflineQueueOptions> offlineOptions,
        ClawDatabase database,
        ClawMetrics metrics,
        TimeProvider time,
        ILogger<NodeGrain> logger)
    {
        var nodeId = context.GrainId.Key.ToString()!;
        (_metrics, _time, _logger) = (metrics, time, logger);
        _node = new(this, state, nodeId, time);
        _crashWatch = new(this, _node, nodeOptions.Value.CrashAfter, reminderOptions.Value.MinimumReminderPeriod, metrics, time, logger, CrashedAsync);
        _breakers = new(this, _node, breakerOptions.Value, metrics, time, logger, () => _work!.WakeAll());
        _work = new(this, grains, dispatchOptions.Value, nodeOptions.Value, _slots, () => Node, _breakers, time, logger, nodeId);
        _push = new(grains, _work, _slots, new SessionChannel(time.GetUtcNow()), offlineOptions.Value, () => Node.IsRegistered, time, logger, nodeId);
        _outcomes = new(_node, _push, _work, _breakers, new FailureBudget(nodeOptions.Value.MaxFailureReports, nodeOptions.Value.FailureReportWindow), time);
        _auditor = new(this, _slots, _push, _work, () => NodeLeaseQuery.ActiveLeasesAsync(database, nodeId), nodeOptions.Value.LeaseAuditPeriod, logger, nodeId);
    }

    private NodeState Node => _node.State;

    private string NodeId => _node.NodeId;

    private static string? CorrelationId => RequestContext.Get(CorrelationContext.Key) as string;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Node.IsRegistered)
        {
            await _auditor.RestoreAsync();
            _breakers.Report();
            if (Node.Status != NodeStatus.Offline)
            {
                _metrics.NodeOnline();
                _crashWatch.Resume();
            }
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (Node.IsRegistered && Node.Status != NodeStatus.Offline)
        {
            _metrics.NodeOffline();
        }

        _metrics.ForgetBreakers(NodeId);
        await _node.FlushCountsAsync();
    }

    public async Task<RegistrationResult> RegisterAsync(NodeRegistration registration)
    {
        if (ManualStatus.IsReplay(Node, registration))
        {
            return new RegistrationResult(View(), Replayed: true);
        }

        var (now, isNew) = (_time.GetUtcNow(), !Node.IsRegistered);
        ManualStatus.Register(Node, registration, now);
        await _node.WriteAsync();
        if (Node.Status != NodeStatus.Offline)
        {
            _crashWatch.Beat(now); // a live node re-registering is a sign of life; a new one waits for its first
            await _crashWatch.WatchAsync();
        }

        _auditor.Start();
        _metrics.NodesRegistered.Add(1);
        _logger.Registered(NodeId, isNew, CorrelationId);
        return new RegistrationResult(View(), Replayed: false);
    }

    public Task<NodeView?> GetAsync() => Task.FromResult(Node.IsRegistered ? View() : null);

    public async Task<NodeView> HeartbeatAsync()
    {
        await SeenAsync();
        return View();
    }

    /// <summary><c>busy</c> is no sign of life (an offline node stays offline and is refused); <c>available</c> is one.</summary>
    public Task<NodeView> SetBusyAsync(bool busy) => busy
        ? ChangeAsync(seen: false, () => ManualStatus.Busy(Node, NodeId))
        : ChangeAsync(seen: true, () => ManualStatus.Available(Node));

    public async Task<NodeView> SetSwarmAsync(string? swarmId)
    {
        _node.EnsureRegistered();
        return Node.SwarmId == swarmId ? View() : await ChangeAsync(seen: false, () => Node.SwarmId = swarmId);
    }

    public Task<NodeView> DrainAsync() => ChangeAsync(seen: true, () => Node.Status = NodeStatus.Draining);

    public Task<NodeView> SetPublicKeyAsync(string publicKey) => ChangeAsync(seen: false, () => Node.PublicKey = publicKey);

    public Task<NodeView> SetGrantAsync(Abstractions.Identity.CapabilityGrant grant, bool presented) => ChangeAsync(seen: false, () => Node.Grant = Identity.CapabilityRule.Apply(Node.Grant, grant, presented));

    public async Task DeregisterAsync()
    {
        _node.EnsureRegistered();
        await GrainFactory.GetGrain<IWireGuardPoolGrain>(IWireGuardPoolGrain.Key).ReleaseAsync(NodeId); // first: a failure leaves the node to deregister again
        await RevokeAllAsync("node deregistered");
        if (Node.Status != NodeStatus.Offline)
        {
            _metrics.NodeOffline();
        }

        await _crashWatch.StopAsync();
        await _node.ClearAsync();
        _push.Drop();
        DeactivateOnIdle();
    }

    public async Task<ImmutableArray<Assignment>> PollAsync(PollRequest request, CancellationToken cancellationToken = default)
    {
        await SeenAsync();
        var deadline = _time.GetUtcNow() + request.Wait;
        return await _crashWatch.WhilePollingAsync(() => _work.PollAsync(request.Queues, request.MaxTasks, deadline, cancellationToken));
    }

    public async Task<Assignment> AssignAsync(string taskId)
    {
        await SeenAsync();
        var assignment = await _work.AssignAsync(taskId);
        _push.Push(assignment); // ClawBot: an assigned task reaches the bot over its socket
        return assignment;
    }

    public Task WakeAsync()
    {
        _work.WakeAll();
        return Task.CompletedTask;
    }

    public Task<NodeProfile?> ReserveAsync(string taskId) => Task.FromResult(_work.Reserve(taskId));

    public Task HandOffAsync(string taskId, Assignment? assignment)
    {
        _work.HandedOff(taskId, assignment);
        return Task.CompletedTask;
    }

    public async Task<NodeView> AttachSessionAsync(SessionInfo session, INodeSession channel)
    {
        await SeenAsync();
        _push.Attach(session, channel);
        return View();
    }

    public Task DetachSessionAsync(string sessionId)
    {
        _push.Detach(sessionId);
        return Task.CompletedTask;
    }

    public Task<SessionStanding> SessionAliveAsync(string sessionId) => _push.KeepAliveAsync(sessionId, SeenAsync);

    public async Task ReadyAsync(string sessionId, int slots)
    {
        await SeenAsync();
        _push.Ready(sessionId, slots);
    }

    public async Task<ReconnectSummary> ReconnectAsync(string sessionId, long lastReceivedId, DateTimeOffset? offlineSince)
    {
        await SeenAsync();
        return await _push.ReconnectAsync(sessionId, lastReceivedId, offlineSince);
    }

    public Task<bool> PushTaskAsync(string taskId) => _push.PushTaskAsync(taskId);

    public Task LeaseEndedAsync(LeaseEnd end) => _outcomes.LeaseEndedAsync(end);

    public Task<ImmutableArray<BreakerView>> GetBreakersAsync() => Task.FromResult(_outcomes.Breakers());

    public Task<TimeSpan?> AdmitFailureAsync() => Task.FromResult(_outcomes.AdmitFailure());

    public Task ReceiveReminder(string reminderName, TickStatus status) => _crashWatch.CheckAsync();

    private Task SeenAsync() => _crashWatch.SeenAsync(CorrelationId);

    /// <summary>A change of the registration by the node or an operator: written, and every waiting loop takes again with it.</summary>
    private async Task<NodeView> ChangeAsync(bool seen, Action change)
    {
        await (seen ? SeenAsync() : Task.CompletedTask);
        _node.EnsureRegistered();
        change();
        await _node.WriteAsync();
        _work.WakeAll();
        return View();
    }

    /// <summary>The node was declared crashed (written offline): its session is dead, and its tasks run again elsewhere.</summary>
    private async Task CrashedAsync(TimeSpan silence)
    {
        _logger.Crashed(NodeId, silence.TotalSeconds, _slots.LeaseCount);
        _push.Drop();
        await RevokeAllAsync(TaskEvents.NodeCrashed);
        _work.WakeAll();
    }

    /// <summary>Revokes every lease in parallel: each task, its lease's keeper, takes it back and waits again.</summary>
    private Task RevokeAllAsync(string reason) =>
        Task.WhenAll(_slots.ReleaseAll().Select(id => GrainFactory.TaskOfLease(id).RevokeLeaseAsync(id, reason)));

    /// <summary>The node as clients see it; an offline node was last seen when it was written offline (or never).</summary>
    private NodeView View() =>
        Node.ToView(NodeId, Node.Status == NodeStatus.Offline ? Node.LastHeartbeatAt : _crashWatch.LastSeen, _slots.LeaseCount) with { Status = _slots.EffectiveStatus(Node) };
}

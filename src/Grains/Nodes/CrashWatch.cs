using Claw.Abstractions.Nodes;
using Claw.Grains.Telemetry;
using Claw.Grains.Timing;

namespace Claw.Grains.Nodes;

/// <summary>
/// Crash detection for one node. Signs of life go to <see cref="NodeLiveness"/>; a <see cref="GrainDeadline"/> checks it,
/// a timer while the grain is active and a reminder that fires after its silo died. A node silent for <c>crash_after</c>
/// goes offline (a written transition) and <c>crashed</c> ends its leases; an offline node that shows a sign of life is
/// online again.
/// </summary>
public sealed class CrashWatch
{
    private const string ReminderName = "liveness";

    private readonly NodeRecord _node;
    private readonly TimeSpan _crashAfter;
    private readonly ClawMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<TimeSpan, Task> _crashed;
    private readonly NodeLiveness _liveness;
    private readonly GrainDeadline _deadline;

    public CrashWatch(Grain grain, NodeRecord node, TimeSpan crashAfter, TimeSpan minimumReminderPeriod, ClawMetrics metrics, TimeProvider time,
        ILogger logger, Func<TimeSpan, Task> crashed)
    {
        (_node, _crashAfter, _metrics, _time, _logger, _crashed) = (node, crashAfter, metrics, time, logger, crashed);
        _liveness = new(time.GetUtcNow()); // beats are not persisted: a (re)activation grants a full crash_after from now
        _deadline = new(grain, ReminderName, minimumReminderPeriod, time, CheckAsync);
    }

    public DateTimeOffset LastSeen => _liveness.LastSeen;

    /// <summary>Checks while the grain is active (its reminder is registered already).</summary>
    public void Resume() => _deadline.CheckEvery(NodeLiveness.CheckPeriod(_crashAfter));

    /// <summary>Starts watching an online node: the timer, and the reminder that outlives the silo.</summary>
    public async Task WatchAsync()
    {
        Resume();
        await _deadline.BackstopAsync(NodeLiveness.BackstopPeriod(_crashAfter));
    }

    public Task StopAsync() => _deadline.StopAsync();

    /// <summary>A sign of life of a node known to be online (it just registered).</summary>
    public void Beat(DateTimeOffset now) => _liveness.Seen(now);

    /// <summary>Any sign of life: remembered in memory; an offline node comes back online.</summary>
    public async Task SeenAsync(string? correlationId)
    {
        _node.EnsureRegistered();
        _liveness.Seen(_time.GetUtcNow());
        if (_node.State.Status == NodeStatus.Offline)
        {
            _node.State.Status = NodeStatus.Online;
            _node.State.LastHeartbeatAt = _liveness.LastSeen;
            await _node.WriteAsync();
            _metrics.NodeOnline();
            await WatchAsync();
            _logger.BackOnline(_node.NodeId, correlationId);
        }
    }

    /// <summary>Runs <paramref name="poll"/>, during which the node counts as alive however long it waits.</summary>
    public async Task<T> WhilePollingAsync<T>(Func<Task<T>> poll)
    {
        _liveness.PollStarted();
        try
        {
            return await poll();
        }
        finally
        {
            _liveness.PollEnded();
        }
    }

    public async Task CheckAsync()
    {
        if (!_node.State.IsRegistered || _node.State.Status == NodeStatus.Offline)
        {
            await StopAsync();
            return;
        }

        if (_liveness.Crashed(_time.GetUtcNow(), _crashAfter) is not { } silence)
        {
            return;
        }

        _node.State.Status = NodeStatus.Offline;
        _node.State.LastHeartbeatAt = _liveness.LastSeen;
        await _node.WriteAsync();
        _metrics.NodeOffline();
        _metrics.NodesCrashed.Add(1);
        await _crashed(silence);
        await StopAsync();
    }
}

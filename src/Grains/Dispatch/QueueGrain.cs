using System.Collections.Immutable;
using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Tasks;
using Claw.Grains.Storage;
using Claw.Grains.Tasks;
using Claw.Grains.Telemetry;
using Microsoft.Extensions.Options;

namespace Claw.Grains.Dispatch;

/// <summary>
/// The dispatch index of one queue partition. Rebuilt from the tasks table on activation; a durable sweep reminder
/// re-drives leases whose deadline passed while their silo was dead, and tasks taken but never leased.
/// Nothing here polls SQL on the dispatch path: waiting nodes are woken from memory when a matching task arrives.
/// </summary>
public sealed partial class QueueGrain(
    IOptions<DispatchOptions> options,
    ClawDatabase database,
    ClawMetrics metrics,
    TimeProvider time,
    ILogger<QueueGrain> logger) : Grain, IQueueGrain, IRemindable
{
    private const string SweepReminder = "sweep";
    private const int SweepBatch = 500;

    private readonly DispatchIndex _index = new();
    private readonly Dictionary<string, (NodeProfile Node, DateTimeOffset Until)> _waiting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _taken = new(StringComparer.Ordinal);
    private IGrainTimer? _promoteTimer;

    private string Key => this.GetPrimaryKeyString();

    private string Queue => QueueKeys.Parse(Key).Queue;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rows = await PendingTaskQuery.PendingAsync(database, Queue);
        foreach (var (id, task) in rows.Where(r => options.Value.PartitionKeyOf(Queue, r.Id) == Key))
        {
            _index.Upsert(task.ToEntry(id), now);
        }

        LogRebuilt(logger, Key, _index.Count);
        ArmPromoteTimer();
        ReportDepth();
        var period = options.Value.SweepInterval;
        await this.RegisterOrUpdateReminder(SweepReminder, period, period);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.ForgetQueue(Key);
        return Task.CompletedTask;
    }

    public Task EnqueueAsync(QueueEntry entry)
    {
        var now = time.GetUtcNow();
        _taken.Remove(entry.TaskId);
        _index.Upsert(entry, now);
        if (entry.AvailableAt <= now)
        {
            WakeOneFor(entry);
        }

        ArmPromoteTimer();
        ReportDepth();
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string taskId)
    {
        _index.Remove(taskId);
        _taken.Remove(taskId);
        ReportDepth();
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<string>> TakeAsync(NodeProfile node, int count)
    {
        var now = time.GetUtcNow();
        var taken = _index.Take(node, count, now);
        foreach (var id in taken)
        {
            _taken[id] = now;
        }

        if (taken.Count > 0)
        {
            ReportDepth();
        }

        return Task.FromResult(taken.ToImmutableArray());
    }

    public Task WaitAsync(NodeProfile node, DateTimeOffset until)
    {
        _waiting[node.NodeId] = (node, until);
        if (_index.HasWorkFor(node))
        {
            Wake(node.NodeId); // work arrived between the node's take and this wait
        }

        return Task.CompletedTask;
    }

    public Task<int> DepthAsync() => Task.FromResult(_index.Count);

    public Task ReceiveReminder(string reminderName, TickStatus status) => SweepAsync();

    private async Task SweepAsync()
    {
        var now = time.GetUtcNow();
        var overdue = await PendingTaskQuery.OverdueLeasesAsync(database, Queue, now, SweepBatch);
        var stale = _taken.Where(t => now - t.Value > options.Value.TakeGrace).Select(t => t.Key).ToList();
        foreach (var id in stale)
        {
            _taken.Remove(id);
        }

        var reconcile = overdue.Where(id => options.Value.PartitionKeyOf(Queue, id) == Key).Concat(stale).Distinct().ToList();
        if (reconcile.Count > 0)
        {
            LogSweep(logger, Key, overdue.Count, stale.Count);
            await Task.WhenAll(reconcile.Select(ReconcileAsync));
        }
    }

    private async Task ReconcileAsync(string taskId)
    {
        try
        {
            await GrainFactory.GetGrain<ITaskGrain>(taskId).ReconcileAsync();
        }
        catch (Exception ex)
        {
            // The next sweep tries again; one bad task must not stop the others.
            LogReconcileFailed(logger, Key, taskId, ex);
        }
    }

    private void WakeOneFor(QueueEntry entry)
    {
        var now = time.GetUtcNow();
        foreach (var (nodeId, waiter) in _waiting.ToList())
        {
            if (waiter.Until <= now)
            {
                _waiting.Remove(nodeId);
            }
            else if (RequirementMatcher.Matches(entry.Requirements, waiter.Node))
            {
                Wake(nodeId);
                return;
            }
        }
    }

    private void Wake(string nodeId)
    {
        _waiting.Remove(nodeId);
        GrainFactory.GetGrain<INodeGrain>(nodeId).WakeAsync().Ignore();
    }

    private void ArmPromoteTimer()
    {
        _promoteTimer?.Dispose();
        _promoteTimer = null;
        if (_index.NextDueAt is { } dueAt)
        {
            var due = dueAt - time.GetUtcNow();
            _promoteTimer = this.RegisterGrainTimer(PromoteAsync, new GrainTimerCreationOptions(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }
    }

    private Task PromoteAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in _index.Promote(time.GetUtcNow()))
        {
            WakeOneFor(entry);
        }

        ArmPromoteTimer();
        return Task.CompletedTask;
    }

    private void ReportDepth() => metrics.ReportQueueDepth(Key, _index.Count);

    [LoggerMessage(400, LogLevel.Information, "Queue partition {Partition} rebuilt with {Pending} pending tasks")]
    private static partial void LogRebuilt(ILogger logger, string partition, int pending);

    [LoggerMessage(401, LogLevel.Information, "Queue partition {Partition} sweep: {Overdue} overdue leases, {Stale} taken but not leased")]
    private static partial void LogSweep(ILogger logger, string partition, int overdue, int stale);

    [LoggerMessage(402, LogLevel.Warning, "Queue partition {Partition} could not reconcile task {TaskId}")]
    private static partial void LogReconcileFailed(ILogger logger, string partition, string taskId, Exception exception);
}

using System.Collections.Immutable;
using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Tasks;
using Claw.Grains.Storage;
using Claw.Grains.Tasks;
using Claw.Grains.Telemetry;
using Claw.Grains.Timing;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Claw.Grains.Dispatch;

/// <summary>
/// The dispatch index of one queue partition: a cache of the tasks table's pending rows. Rebuilt on activation; a
/// durable sweep reminder re-drives leases whose deadline passed while their silo was dead, and puts back pending rows
/// the memory does not hold (taken but never leased, or an enqueue lost with a silo).
/// Nothing here polls SQL on the dispatch path: waiting nodes are woken from memory when a matching task arrives.
/// Reentrant: every method but the sweep is synchronous, and the sweep awaits task grains that may call back in.
/// </summary>
[Reentrant]
public sealed partial class QueueGrain(
    IOptions<DispatchOptions> options,
    IOptions<ReminderOptions> reminders,
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
    private GrainDeadline? _sweep;
    private GrainDeadline? _promote;
    private DateTimeOffset _checkedUntil;
    private bool _sweeping;

    private string Key => this.GetPrimaryKeyString();

    private GrainDeadline Sweep => _sweep ??= new(this, SweepReminder, reminders.Value.MinimumReminderPeriod, time, SweepAsync);

    /// <summary>When the next delayed task comes due; no backstop of its own (the sweep's reminder brings the partition back).</summary>
    private GrainDeadline Promotion => _promote ??= new(this, null, reminders.Value.MinimumReminderPeriod, time, PromoteAsync);

    private string Queue => QueueKeys.Parse(Key).Queue;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        _checkedUntil = now - options.Value.TakeGrace; // rows written since may have raced the rebuild; the sweep re-checks them
        foreach (var (id, task) in await PendingTaskQuery.PendingAsync(database, Queue))
        {
            if (IsOwn(id))
            {
                _index.Upsert(task.ToEntry(id), now);
            }
        }

        LogRebuilt(logger, Key, _index.Count);
        ArmPromoteTimer();
        ReportDepth();
        // The timer sweeps at the configured pace while active; the reminder (no faster than Orleans allows) is what
        // brings the partition back, and its sweep with it, on another silo after this one dies.
        Sweep.CheckEvery(options.Value.SweepInterval, keepAlive: true);
        await Sweep.BackstopAsync(options.Value.SweepInterval);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.ForgetQueue(Key);
        return Task.CompletedTask;
    }

    public Task EnqueueAsync(QueueEntry entry)
    {
        var now = time.GetUtcNow();
        Index(entry, now);
        if (entry.AvailableAt <= now)
        {
            WakeOneFor(entry);
        }

        return Task.CompletedTask;
    }

    public Task<string?> OfferAsync(QueueEntry entry)
    {
        var now = time.GetUtcNow();
        if (entry.AvailableAt <= now && TakeWaiterFor(entry) is { } nodeId)
        {
            return Task.FromResult<string?>(nodeId);
        }

        Index(entry, now); // no waiting node can run it now: nobody to wake
        return Task.FromResult<string?>(null);
    }

    private void Index(QueueEntry entry, DateTimeOffset now)
    {
        _taken.Remove(entry.TaskId);
        _index.Upsert(entry, now);
        ArmPromoteTimer();
        ReportDepth();
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

    public Task<int> WaitingAsync()
    {
        var now = time.GetUtcNow();
        return Task.FromResult(_waiting.Values.Count(w => w.Until > now));
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => SweepAsync();

    private async Task SweepAsync()
    {
        if (_sweeping)
        {
            return; // the timer and the reminder met; one sweep at a time
        }

        _sweeping = true;
        try
        {
            await SweepOnceAsync();
        }
        finally
        {
            _sweeping = false;
        }
    }

    private async Task SweepOnceAsync()
    {
        var now = time.GetUtcNow();
        var overdue = await PendingTaskQuery.OverdueLeasesAsync(database, Queue, now, SweepBatch);
        var reconcile = overdue.Where(IsOwn).ToList();
        var recovered = await RecoverPendingAsync(now);
        if (reconcile.Count > 0 || recovered > 0)
        {
            LogSweep(logger, Key, reconcile.Count, recovered);
            await Task.WhenAll(reconcile.Select(ReconcileAsync));
        }
    }

    /// <summary>
    /// Puts back the pending rows memory lost: tasks taken longer ago than the grace but never leased, and rows
    /// written pending whose enqueue never arrived. A task put back twice is harmless: only its grain leases it.
    /// </summary>
    private async Task<int> RecoverPendingAsync(DateTimeOffset now)
    {
        var cutoff = now - options.Value.TakeGrace;
        var stale = _taken.Where(t => t.Value < cutoff).Select(t => t.Key).ToList();
        var unseen = cutoff > _checkedUntil ? await UnseenWrittenAsync(cutoff) : [];
        var suspects = stale.Concat(unseen).ToList();
        var rows = suspects.Count > 0 ? await PendingTaskQuery.PendingAmongAsync(database, suspects) : [];
        foreach (var id in stale)
        {
            _taken.Remove(id);
        }

        var recovered = 0;
        foreach (var (id, task) in rows) // all own: taken from this index, or filtered by UnseenWrittenAsync
        {
            if (!_index.Contains(id) && !_taken.ContainsKey(id))
            {
                recovered++;
                var entry = task.ToEntry(id);
                _index.Upsert(entry, now);
                if (entry.AvailableAt <= now)
                {
                    WakeOneFor(entry);
                }
            }
        }

        if (recovered > 0)
        {
            metrics.TasksRecovered.Add(recovered, new KeyValuePair<string, object?>("queue", Queue));
            ArmPromoteTimer();
            ReportDepth();
        }

        return recovered;
    }

    /// <summary>
    /// Own pending rows written since the last check that memory neither indexes nor has handed out: only those are
    /// read whole, so a deep backlog costs the sweep its ids, not its documents.
    /// </summary>
    private async Task<List<string>> UnseenWrittenAsync(DateTimeOffset cutoff)
    {
        var written = await PendingTaskQuery.PendingWrittenBetweenAsync(database, Queue, _checkedUntil, cutoff);
        _checkedUntil = cutoff;
        return written.Where(id => IsOwn(id) && !_index.Contains(id) && !_taken.ContainsKey(id)).ToList();
    }

    /// <summary>Queries read the whole queue; each partition keeps only the tasks that hash to it.</summary>
    private bool IsOwn(string taskId) => options.Value.PartitionKeyOf(Queue, taskId) == Key;

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
        if (TakeWaiterFor(entry) is { } nodeId)
        {
            GrainFactory.GetGrain<INodeGrain>(nodeId).WakeAsync().Ignore();
        }
    }

    /// <summary>The first waiting node that can run <paramref name="entry"/>, which stops waiting here; expired waits are dropped.</summary>
    private string? TakeWaiterFor(QueueEntry entry)
    {
        var now = time.GetUtcNow();
        foreach (var (nodeId, waiter) in _waiting) // removing while enumerating a Dictionary is allowed
        {
            if (waiter.Until <= now)
            {
                _waiting.Remove(nodeId);
            }
            else if (RequirementMatcher.Matches(entry, waiter.Node))
            {
                _waiting.Remove(nodeId);
                return nodeId;
            }
        }

        return null;
    }

    private void Wake(string nodeId)
    {
        _waiting.Remove(nodeId);
        GrainFactory.GetGrain<INodeGrain>(nodeId).WakeAsync().Ignore();
    }

    private void ArmPromoteTimer()
    {
        Promotion.StopTimer();
        if (_index.NextDueAt is { } dueAt)
        {
            Promotion.CheckAt(dueAt);
        }
    }

    private Task PromoteAsync()
    {
        foreach (var entry in _index.Promote(time.GetUtcNow()))
        {
            WakeOneFor(entry);
        }

        ArmPromoteTimer();
        return Task.CompletedTask;
    }

    private void ReportDepth() => metrics.ReportQueueDepth(Key, _index.Count);

    [LoggerMessage(EventIds.QueueRebuilt, LogLevel.Information, "Queue partition {Partition} rebuilt with {Pending} pending tasks")]
    private static partial void LogRebuilt(ILogger logger, string partition, int pending);

    [LoggerMessage(EventIds.QueueSweep, LogLevel.Information, "Queue partition {Partition} sweep: {Overdue} overdue leases, {Recovered} pending tasks put back into the index")]
    private static partial void LogSweep(ILogger logger, string partition, int overdue, int recovered);

    [LoggerMessage(EventIds.QueueReconcileFailed, LogLevel.Warning, "Queue partition {Partition} could not reconcile task {TaskId}")]
    private static partial void LogReconcileFailed(ILogger logger, string partition, string taskId, Exception exception);
}

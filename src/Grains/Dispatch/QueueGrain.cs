using System.Collections.Immutable;
using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Queues;
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
/// The sweep also has pending tasks past their <c>expires_at</c> expire; a paused queue hands out nothing.
/// Reentrant: every method but the sweep is synchronous, and the sweep's reconciles call task grains that may call back in.
/// </summary>
[Reentrant]
public sealed class QueueGrain(
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
    private readonly TakenTasks _taken = new();
    private PartitionWaiters _waiting = null!;
    private GrainDeadline? _sweep;
    private GrainDeadline? _promote;
    private PendingRecovery _recovery = null!;
    private SweepReconciles _reconciles = null!;
    private bool _sweeping;

    private string Key => this.GetPrimaryKeyString();

    private GrainDeadline Sweep => _sweep ??= new(this, SweepReminder, reminders.Value.MinimumReminderPeriod, time, SweepAsync);

    /// <summary>When the next delayed task comes due; no backstop of its own (the sweep's reminder brings the partition back).</summary>
    private GrainDeadline Promotion => _promote ??= new(this, null, reminders.Value.MinimumReminderPeriod, time, PromoteAsync);

    private string Queue => QueueKeys.Parse(Key).Queue;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // Rows written since the grace began may have raced the rebuild; the sweep checks them again.
        _recovery = new(database, Queue, IsOwn, now - options.Value.TakeGrace);
        _reconciles = new(GrainFactory, (taskId, ex) => logger.ReconcileFailed(Key, taskId, ex));
        foreach (var (id, task) in await PendingTaskQuery.PendingAsync(database, Queue))
        {
            if (IsOwn(id))
            {
                _index.Upsert(task.ToEntry(id), now);
            }
        }

        _waiting = new(GrainFactory, time);
        _waiting.SetPaused((await GrainFactory.GetGrain<IQueueControlGrain>(Queue).GetSettingsAsync()).Paused);
        logger.Rebuilt(Key, _index.Count);
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

    public Task EnqueueAsync(QueueEntry entry) => EnqueueManyAsync([entry]);

    public Task EnqueueManyAsync(ImmutableArray<QueueEntry> entries)
    {
        var now = time.GetUtcNow();
        Index(entries, now);
        foreach (var entry in entries.Where(e => e.AvailableAt <= now))
        {
            _waiting.WakeOneFor(entry);
        }

        return Task.CompletedTask;
    }

    public Task SetPausedAsync(bool paused)
    {
        _waiting.SetPaused(paused);
        return Task.CompletedTask;
    }

    public Task<string?> OfferAsync(QueueEntry entry)
    {
        var now = time.GetUtcNow();
        if (entry.AvailableAt <= now && _waiting.HandTo(entry) is { } nodeId)
        {
            return Task.FromResult<string?>(nodeId);
        }

        Index([entry], now); // no waiting node can run it now: nobody to wake
        return Task.FromResult<string?>(null);
    }

    private void Index(IEnumerable<QueueEntry> entries, DateTimeOffset now)
    {
        foreach (var entry in entries)
        {
            _taken.Forget(entry.TaskId);
            _index.Upsert(entry, now);
        }

        ArmPromoteTimer();
        ReportDepth();
    }

    public Task RemoveAsync(string taskId)
    {
        _index.Remove(taskId);
        _taken.Forget(taskId);
        ReportDepth();
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<string>> TakeAsync(NodeProfile node, int count)
    {
        var now = time.GetUtcNow();
        var taken = _waiting.Paused ? [] : _index.Take(node, count, now);
        _taken.Took(taken, now);
        if (taken.Count > 0)
        {
            ReportDepth();
        }

        return Task.FromResult(taken.ToImmutableArray());
    }

    public Task WaitAsync(NodeProfile node, DateTimeOffset until)
    {
        _waiting.Wait(node, until, () => _index.HasWorkFor(node));
        return Task.CompletedTask;
    }

    public Task<int> DepthAsync() => Task.FromResult(_index.Count);

    public Task<int> WaitingAsync() => Task.FromResult(_waiting.Count);

    public Task ReceiveReminder(string reminderName, TickStatus status) => SweepAsync();

    /// <summary>Re-drives the partition's leases past their deadline (their silo died) and puts back the pending rows memory lost.</summary>
    private async Task SweepAsync()
    {
        if (_sweeping)
        {
            return; // the timer and the reminder met; one sweep at a time
        }

        _sweeping = true;
        try
        {
            var now = time.GetUtcNow();
            // Reconciling a pending task past its expires_at expires it.
            var overdue = await PendingTaskQuery.OverdueLeasesAsync(database, Queue, now, SweepBatch);
            var reconcile = overdue.Concat(await PendingTaskQuery.PastExpiryAsync(database, Queue, now, SweepBatch))
                .Where(row => IsOwn(row.Id) && !_reconciles.Waiting(row.Id)).ToList();
            var recovered = await RecoverPendingAsync(now);
            if (reconcile.Count > 0 || recovered > 0)
            {
                logger.Swept(Key, reconcile.Count, recovered);
            }

            foreach (var row in reconcile)
            {
                _reconciles.Ask(row.Id, row.Version);
            }
        }
        finally
        {
            _sweeping = false;
        }
    }

    /// <summary>Puts back the pending rows memory lost (<see cref="PendingRecovery"/>); how many.</summary>
    private async Task<int> RecoverPendingAsync(DateTimeOffset now)
    {
        var rows = await _recovery.FindAsync(_index, _taken, now - options.Value.TakeGrace);
        foreach (var (id, task) in rows)
        {
            var entry = task.ToEntry(id);
            _index.Upsert(entry, now);
            if (entry.AvailableAt <= now)
            {
                _waiting.WakeOneFor(entry);
            }
        }

        if (rows.Count > 0)
        {
            metrics.TasksRecovered.Add(rows.Count, new KeyValuePair<string, object?>("queue", Queue));
            ArmPromoteTimer();
            ReportDepth();
        }

        return rows.Count;
    }

    /// <summary>Queries read the whole queue; each partition keeps only the tasks that hash to it.</summary>
    private bool IsOwn(string taskId) => options.Value.PartitionKeyOf(Queue, taskId) == Key;

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
            _waiting.WakeOneFor(entry);
        }

        ArmPromoteTimer();
        return Task.CompletedTask;
    }

    private void ReportDepth() => metrics.ReportQueueDepth(Key, _index.Count);
}

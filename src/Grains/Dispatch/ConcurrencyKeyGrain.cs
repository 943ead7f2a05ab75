using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Swarms;
using Claw.Grains.Storage;
using Claw.Grains.Swarms;
using Claw.Grains.Timing;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Claw.Grains.Dispatch;

/// <summary>
/// The running tasks of one concurrency key across the cluster (<see cref="ConcurrencyLanes"/> names the keys). The same
/// semaphore with parking as a running swarm (<see cref="SwarmSlots"/>): granted tasks hold a slot until their lease ends,
/// turned-away ones are parked out of the dispatch index and put back as slots free. Memory only: rebuilt from the tasks
/// table on activation (the parked tasks re-driven), healed every few seconds, so a release lost with a silo, or a
/// lease that expired on a dead node, frees its slot; a reminder brings the grain back while tasks are parked.
/// Reentrant: a re-drive waits on tasks that may be waiting on this grain for a slot; every decision is synchronous.
/// </summary>
[Reentrant]
public sealed class ConcurrencyKeyGrain(
    ClawDatabase database,
    IOptions<ReminderOptions> reminderOptions,
    TimeProvider time,
    ILogger<ConcurrencyKeyGrain> logger) : Grain, IConcurrencyKeyGrain, IRemindable
{
    private const string WatchReminder = "watch";
    private static readonly TimeSpan HealPeriod = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WatchPeriod = TimeSpan.FromMinutes(1);

    /// <summary>A granted slot may not show as leased in the table yet; the heal leaves it alone this long.</summary>
    private static readonly TimeSpan GrantGrace = TimeSpan.FromSeconds(30);

    private readonly SwarmSlots _slots = new();
    private GrainDeadline? _heal;
    private int _limit = int.MaxValue;
    private bool _watching;

    private string Lane => this.GetPrimaryKeyString();

    private GrainDeadline Heal => _heal ??= new(this, WatchReminder, reminderOptions.Value.MinimumReminderPeriod, time, () => HealAsync(redrive: true));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await HealAsync(redrive: false);
        // What a previous activation parked is nowhere now: every pending task of the lane goes back into dispatch,
        // right after this activation (not inside it: the tasks may be waiting on this grain for a slot).
        this.RegisterGrainTimer(RedriveAllAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        Heal.CheckEvery(HealPeriod);
    }

    public async Task<SlotGrant> AcquireSlotAsync(string taskId, int limit)
    {
        _limit = limit; // the newest task's limit rules the key
        var grant = _slots.Acquire(taskId, SwarmStatus.Running, limit, time.GetUtcNow());
        if (grant != SlotGrant.Granted && !_watching)
        {
            _watching = true;
            await Heal.BackstopAsync(WatchPeriod); // parked tasks exist: the grain must come back for them
        }

        return grant;
    }

    public Task ReleaseSlotAsync(string taskId)
    {
        if (_slots.Release(taskId))
        {
            RedriveAsync(_slots.UnparkToFill(_limit)).Ignore();
        }

        return Task.CompletedTask;
    }

    public Task<int> RunningAsync() => Task.FromResult(_slots.Active);

    /// <summary>Activating the grain is the reminder's whole job; the next heal stops it once nothing is parked.</summary>
    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _watching = true;
        return Task.CompletedTask;
    }

    /// <summary>Reconciles the slots with the leased tasks in the table; then parked tasks fill the free slots.</summary>
    private async Task HealAsync(bool redrive)
    {
        var leased = await ConcurrencyQueries.IdsAsync(database, Lane, ConcurrencyQueries.Leased);
        _slots.Heal(leased.ToHashSet(StringComparer.Ordinal), time.GetUtcNow(), GrantGrace);
        if (redrive)
        {
            await RedriveAsync(_slots.UnparkToFill(_limit));
        }

        if (_watching && _slots.Parked == 0)
        {
            _watching = false;
            await Heal.StopAsync();
            Heal.CheckEvery(HealPeriod);
        }
    }

    private async Task RedriveAllAsync() =>
        await RedriveAsync((await ConcurrencyQueries.IdsAsync(database, Lane, ConcurrencyQueries.Pending)).Union(_slots.UnparkAll()));

    /// <summary>Puts tasks back into the dispatch index (each task re-enqueues itself if it is still pending).</summary>
    private async Task RedriveAsync(IEnumerable<string> taskIds)
    {
        var ids = taskIds.ToList();
        if (ids.Count > 0)
        {
            logger.LaneRedrive(Lane, ids.Count);
            await SwarmTasks.ForEachAsync(GrainFactory, ids, task => task.ReconcileAsync());
        }
    }
}

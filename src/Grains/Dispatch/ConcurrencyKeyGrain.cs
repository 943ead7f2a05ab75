using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Swarms;
using Claw.Grains.Slots;
using Claw.Grains.Storage;
using Claw.Grains.Swarms;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Claw.Grains.Dispatch;

/// <summary>
/// The running tasks of one concurrency key across the cluster (<see cref="ConcurrencyLanes"/> names the keys). The same
/// semaphore with parking as a running swarm (<see cref="SwarmSlots"/>): granted tasks hold a slot until their lease ends,
/// turned-away ones are parked out of the dispatch index and put back as slots free. Memory only, a <see cref="SlotLane"/>:
/// rebuilt from the tasks table on activation (the parked tasks re-driven), healed every few seconds, so a release lost
/// with a silo, or a lease that expired on a dead node, frees its slot; a reminder brings the grain back while tasks are parked.
/// Reentrant: a re-drive waits on tasks that may be waiting on this grain for a slot; every decision is synchronous.
/// </summary>
[Reentrant]
public sealed class ConcurrencyKeyGrain(
    ClawDatabase database,
    IOptions<ReminderOptions> reminderOptions,
    TimeProvider time,
    ILogger<ConcurrencyKeyGrain> logger) : Grain, IConcurrencyKeyGrain, IRemindable
{
    private SlotLane? _slots;
    private int _limit = int.MaxValue;

    private string Lane => this.GetPrimaryKeyString();

    /// <summary>The lane's slots: always counted, filled up to the newest task's limit.</summary>
    private SlotLane Slots => _slots ??= new(
        this, GrainFactory, database, ConcurrencyLanes.Selector(Lane), reminderOptions.Value.MinimumReminderPeriod, time,
        () => true, () => _limit, tasks => logger.LaneRedrive(Lane, tasks));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await Slots.HealAsync(fill: false);
        // What a previous activation parked is nowhere now: every pending task of the lane goes back into dispatch,
        // right after this activation (not inside it: the tasks may be waiting on this grain for a slot).
        this.RegisterGrainTimer(Slots.RedriveAllAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        Slots.KeepHealing();
    }

    public async Task<SlotGrant> AcquireSlotAsync(string taskId, int limit)
    {
        _limit = limit; // the newest task's limit rules the key
        var grant = Slots.Acquire(taskId, SwarmStatus.Running, limit);
        if (grant != SlotGrant.Granted)
        {
            await Slots.WatchParkedAsync(); // parked tasks exist: the grain must come back for them
        }

        return grant;
    }

    public Task ReleaseSlotAsync(string taskId)
    {
        Slots.Release(taskId);
        return Task.CompletedTask;
    }

    public Task ParkRefusedAsync(string taskId)
    {
        logger.LaneLeaseRefused(taskId, Lane);
        return Slots.ParkRefusedAsync(taskId);
    }

    public Task<int> RunningAsync() => Task.FromResult(Slots.Active);

    /// <summary>Activating the grain is the reminder's whole job; the next heal stops it once nothing is parked.</summary>
    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Slots.WatchReminded();
        return Task.CompletedTask;
    }
}

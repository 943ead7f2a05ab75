using Claw.Abstractions.Swarms;
using Claw.Grains.Storage;
using Claw.Grains.Swarms;
using Claw.Grains.Timing;

namespace Claw.Grains.Slots;

/// <summary>
/// The slot machinery of a grain that caps running tasks cluster-wide (a swarm, a concurrency lane): the semaphore with
/// parking (<see cref="SwarmSlots"/>) lives in memory, so it is rebuilt from the tasks table on activation and healed
/// every few seconds, and a release lost with a silo, or a lease that expired on a dead node, frees its slot. Parked
/// tasks go back into dispatch as slots free; the watch reminder brings the grain back for them after its silo died.
/// The owning grain keeps its own rules and hands them in: whether the lane heals at all, how many tasks may run now.
/// </summary>
/// <param name="tasks">The tasks-table column and value that select the lane's tasks.</param>
/// <param name="heals">False while the owner counts nothing (a swarm that does not exist or has ended).</param>
/// <param name="room">How many tasks may hold a slot now (null: no limit; 0 while the owner runs none, a paused swarm).</param>
/// <param name="redriving">Logs a re-drive of this many tasks, in the owner's words.</param>
public sealed class SlotLane(
    Grain grain, IGrainFactory grains, ClawDatabase database, (string Column, string Value) tasks, TimeSpan minimumReminderPeriod,
    TimeProvider time, Func<bool> heals, Func<int?> room, Action<int> redriving)
{
    /// <summary>The backstop reminder's name, as grains registered it before the lane was shared: it must not change.</summary>
    public const string WatchReminder = "watch";

    private static readonly TimeSpan HealPeriod = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WatchPeriod = TimeSpan.FromMinutes(1);

    /// <summary>A granted slot may not show as leased in the table yet; the heal leaves it alone this long.</summary>
    private static readonly TimeSpan GrantGrace = TimeSpan.FromSeconds(30);

    private readonly SwarmSlots _slots = new();
    private GrainDeadline? _heal;
    private bool _watchingParked;

    /// <summary>Tasks holding a slot.</summary>
    public int Active => _slots.Active;

    /// <summary>The heal timer; its backstop, the watch reminder, only brings the grain back (the activation heals).</summary>
    private GrainDeadline Heal => _heal ??= new(grain, WatchReminder, minimumReminderPeriod, time, () => HealAsync(fill: true));

    /// <inheritdoc cref="SwarmSlots.Acquire"/>
    public SlotGrant Acquire(string taskId, SwarmStatus status, int? max) => _slots.Acquire(taskId, status, max, time.GetUtcNow());

    /// <summary>Frees the task's slot; a parked task takes it, right after this call.</summary>
    public void Release(string taskId)
    {
        if (_slots.Release(taskId))
        {
            FillAsync().Ignore();
        }
    }

    /// <summary>
    /// The table refused the lease of a task this lane granted a slot (another activation of the lane granted one too):
    /// the slot is freed, the task parked and the lane recounted from the table; parked tasks then fill what room it has.
    /// </summary>
    public async Task ParkRefusedAsync(string taskId)
    {
        _slots.Release(taskId);
        _slots.Park(taskId);
        await WatchParkedAsync();
        await HealAsync(fill: false);
        FillAsync().Ignore(); // after this call: the task is waiting for it, and a re-drive asks the task
    }

    /// <inheritdoc cref="SwarmSlots.UnparkAll"/>
    public List<string> UnparkAll() => _slots.UnparkAll();

    /// <summary>Heals every few seconds while the grain is active; nothing changes when the timer runs already.</summary>
    public void KeepHealing() => Heal.CheckEvery(HealPeriod);

    /// <summary>Registers the watch reminder until <see cref="StopAsync"/>: the grain comes back after its silo died.</summary>
    public Task WatchAsync() => Heal.BackstopAsync(WatchPeriod);

    /// <summary>Registers the watch reminder while tasks are parked: the first heal that finds none parked stops it.</summary>
    public async Task WatchParkedAsync()
    {
        if (!_watchingParked)
        {
            _watchingParked = true;
            await Heal.BackstopAsync(WatchPeriod);
        }
    }

    /// <summary>The watch reminder brought the grain back: with nothing parked, the next heal stops it.</summary>
    public void WatchReminded() => _watchingParked = true;

    /// <summary>Stops the heal timer and the watch reminder.</summary>
    public Task StopAsync() => Heal.StopAsync();

    /// <summary>Reconciles the slots with the leased tasks in the table; with <paramref name="fill"/>, parked tasks then fill the free slots.</summary>
    public async Task HealAsync(bool fill)
    {
        if (!heals())
        {
            return;
        }

        var leased = await SlotLaneQueries.IdsAsync(database, tasks, SlotLaneQueries.Leased);
        _slots.Heal(leased.ToHashSet(StringComparer.Ordinal), time.GetUtcNow(), GrantGrace);
        if (fill)
        {
            await FillAsync();
        }

        if (_watchingParked && _slots.Parked == 0)
        {
            _watchingParked = false;
            await Heal.StopAsync();
            Heal.CheckEvery(HealPeriod); // stopping the reminder stopped the timer too; the grain still heals while active
        }
    }

    /// <summary>Parked tasks fill the free slots, as many as the owner has room for now.</summary>
    public Task FillAsync() => RedriveAsync(_slots.UnparkToFill(room()));

    /// <summary>Re-drives every pending task of the lane, the parked ones included.</summary>
    public async Task RedriveAllAsync() =>
        await RedriveAsync((await SlotLaneQueries.IdsAsync(database, tasks, SlotLaneQueries.Pending)).Union(_slots.UnparkAll()));

    /// <summary>Puts tasks back into the dispatch index (each task re-enqueues itself if it is still pending).</summary>
    private async Task RedriveAsync(IEnumerable<string> taskIds)
    {
        var ids = taskIds.ToList();
        if (ids.Count > 0)
        {
            redriving(ids.Count);
            await SwarmTasks.ForEachAsync(grains, ids, task => task.ReconcileAsync());
        }
    }
}

using System.Collections.Immutable;
using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Tasks;
using Claw.Grains.Dispatch;

namespace Claw.Grains.Nodes;

/// <summary>
/// Pull dispatch for one node: take matching tasks from the queue partitions and lease them, never beyond the free
/// slots (<see cref="SlotLedger"/>). A poll with nothing to take registers as a waiter in the partitions and sleeps until
/// woken (a task arrived, a slot came free) or its wait runs out; woken, it takes again, so a task leaves the index only
/// by its taker. A task submitted while the node waits may be handed to it directly (<see cref="Reserve"/>). The node's
/// open breakers keep their task types from it (<see cref="NodeBreakers"/>); a half-open one gets its one trial.
/// </summary>
public sealed class NodeWork(
    Grain grain, IGrainFactory grains, DispatchOptions dispatch, NodeOptions options, SlotLedger slots, Func<NodeState> node,
    NodeBreakers breakers, TimeProvider time, ILogger logger, string nodeId)
{
    /// <summary>How long a manual assign waits for a take in flight to answer before it refuses a node with no free slot.</summary>
    private static readonly TimeSpan TakeWait = TimeSpan.FromSeconds(5);

    private readonly List<TaskCompletionSource> _waiters = [];
    private IGrainTimer? _reservationTimer;

    public NodeProfile Profile => node().ToProfile(nodeId, time.GetUtcNow()) with { BarredTypes = breakers.Barred() };

    public int FreeSlots => slots.FreeSlots(node());

    public List<IQueueGrain> PartitionsOf(IEnumerable<string> queues) =>
        queues.SelectMany(dispatch.PartitionKeys).Select(key => grains.GetGrain<IQueueGrain>(key)).ToList();

    /// <summary>Takes work until some is leased, or until <paramref name="deadline"/> (or the caller gives up) with none.</summary>
    public async Task<ImmutableArray<Assignment>> PollAsync(IEnumerable<string> queues, int max, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var partitions = PartitionsOf(queues);
        while (true)
        {
            var taken = await TakeAsync(partitions, max);
            if (taken.Length > 0 || !await WaitAsync(partitions, deadline, cancellationToken))
            {
                return taken;
            }
        }
    }

    /// <summary>Up to <paramref name="max"/> assignments: the ones handed to this node if any, else taken from the partitions up to the free slots.</summary>
    public async Task<ImmutableArray<Assignment>> TakeAsync(List<IQueueGrain> partitions, int max)
    {
        slots.DropOldReservations(time.GetUtcNow(), options.HandOffTimeout);
        var handed = slots.TakeHanded(max);
        var wanted = Math.Min(max - handed.Length, FreeSlots);
        if (handed.Length > 0 || wanted <= 0)
        {
            return handed; // handed work goes out first; the partitions are asked on the next round
        }

        slots.BeginTake(wanted);
        try
        {
            var profile = Profile;
            var ids = await TakeFromAsync(partitions, profile, wanted);
            if (ids.Count < wanted && breakers.TrialWanted)
            {
                // One task more, of a type a half-open breaker waits to try (or of any type: the node's own breaker).
                profile = profile with { BarredTypes = breakers.Barred(withTrials: true) };
                ids.AddRange(await TakeFromAsync(partitions, profile, 1));
            }

            var leased = await Task.WhenAll(ids.Select(id => LeaseOrReconcileAsync(id, profile)));
            var assignments = leased.OfType<Assignment>().ToImmutableArray();
            breakers.Dispatched(assignments);
            foreach (var assignment in assignments)
            {
                slots.Hold(assignment.LeaseId);
            }

            return assignments;
        }
        finally
        {
            slots.EndTake(wanted);
        }
    }

    private static async Task<List<string>> TakeFromAsync(List<IQueueGrain> partitions, NodeProfile profile, int wanted)
    {
        var ids = new List<string>();
        foreach (var partition in partitions)
        {
            ids.AddRange(await partition.TakeAsync(profile, wanted - ids.Count));
            if (ids.Count >= wanted)
            {
                break;
            }
        }

        return ids;
    }

    /// <summary>
    /// Sleeps until a partition wakes this node (matching work arrived), a slot frees up, or <paramref name="deadline"/>
    /// passes (then false). With no free slot it does not wait in the partitions: only a freed slot can wake it.
    /// </summary>
    public async Task<bool> WaitAsync(List<IQueueGrain> partitions, DateTimeOffset deadline, CancellationToken cancellationToken = default)
    {
        var remaining = deadline - time.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            return false;
        }

        var woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Add(woken);
        try
        {
            if (FreeSlots > 0)
            {
                var profile = Profile;
                await Task.WhenAll(partitions.Select(p => p.WaitAsync(profile, deadline)));
            }

            await woken.Task.WaitAsync(remaining, time, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            return false; // the wait ran out, or the caller is gone
        }
        finally
        {
            _waiters.Remove(woken);
        }
    }

    /// <summary>Leases <paramref name="taskId"/> to the node by hand (<c>assign</c>), on one of its free slots.</summary>
    public async Task<Assignment> AssignAsync(string taskId)
    {
        if (FreeSlots <= 0)
        {
            // A take in flight (a poll, the session's push loop) holds slots only until its partitions answer: an idle
            // node that was just asking for work is waited for, not refused.
            await WaitForTakesAsync();
        }

        if (FreeSlots <= 0)
        {
            throw ClawException.Conflict(ErrorCodes.NodeUnavailable, $"Node '{nodeId}' is {slots.EffectiveStatus(node()).Wire()} and takes no task now.");
        }

        slots.BeginTake(1);
        try
        {
            var assignment = (await grains.GetGrain<ITaskGrain>(taskId).LeaseAsync(Profile, manual: true))!;
            slots.Hold(assignment.LeaseId);
            return assignment;
        }
        finally
        {
            slots.EndTake(1);
        }
    }

    private async Task WaitForTakesAsync()
    {
        try
        {
            await slots.TakesEnded().WaitAsync(TakeWait, time);
        }
        catch (TimeoutException)
        {
            // still taking: the caller refuses
        }
    }

    /// <summary>Every waiting poll and push loop takes again: work arrived, a slot came free, or the node changed.</summary>
    public void WakeAll()
    {
        foreach (var waiter in _waiters)
        {
            waiter.TrySetResult();
        }
    }

    /// <summary>The node's profile with a slot held for <paramref name="taskId"/>, when it waits for work and has a free slot.</summary>
    public NodeProfile? Reserve(string taskId)
    {
        slots.DropOldReservations(time.GetUtcNow(), options.HandOffTimeout);
        if (FreeSlots <= 0 || _waiters.Count == 0)
        {
            return null;
        }

        slots.Reserve(taskId, time.GetUtcNow());
        WatchReservations();
        return Profile;
    }

    /// <summary>A slot was held by the hand-off, and the task either became the node's (to deliver) or went elsewhere.</summary>
    public void HandedOff(string taskId, Assignment? assignment)
    {
        slots.HandedOff(taskId, assignment);
        WakeAll(); // the assignment to deliver, or the slot free again
    }

    /// <summary>Leases one taken task; if that fails the task is asked to put itself back into the index.</summary>
    private async Task<Assignment?> LeaseOrReconcileAsync(string taskId, NodeProfile profile)
    {
        var task = grains.GetGrain<ITaskGrain>(taskId);
        try
        {
            return await task.LeaseAsync(profile, manual: false);
        }
        catch (Exception ex) when (ex is not ClawException)
        {
            logger.LeaseFailed(nodeId, taskId, ex);
            task.ReconcileAsync().Ignore();
            return null;
        }
    }

    /// <summary>While reservations are held, a timer frees the ones whose task never reported back and wakes the loops for the slot.</summary>
    private void WatchReservations()
    {
        var period = options.HandOffTimeout;
        _reservationTimer ??= grain.RegisterGrainTimer(() =>
        {
            if (slots.DropOldReservations(time.GetUtcNow(), options.HandOffTimeout))
            {
                WakeAll();
            }

            if (!slots.HasReservations)
            {
                _reservationTimer?.Dispose();
                _reservationTimer = null;
            }

            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(period, period) { Interleave = true });
    }
}

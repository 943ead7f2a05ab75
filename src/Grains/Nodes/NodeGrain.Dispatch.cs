using System.Collections.Immutable;
using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Sessions;
using Claw.Abstractions.Tasks;

namespace Claw.Grains.Nodes;

/// <summary>
/// Dispatch through the node: take matching tasks from the queue partitions and lease them, never beyond the free
/// slots. A poll with nothing to take registers as a waiter in the partitions and sleeps until woken (a task
/// arrived) or its wait runs out; woken, it takes again, so a task is only removed from the index by its taker.
/// </summary>
public sealed partial class NodeGrain
{
    private HashSet<string> _leases = new(StringComparer.Ordinal);
    private readonly List<TaskCompletionSource> _waiters = [];
    private int _pollsInFlight;
    private int _reserved;
    private bool _countsChanged;

    public async Task<ImmutableArray<Assignment>> PollAsync(PollRequest request)
    {
        await SeenAsync();
        var deadline = time.GetUtcNow() + request.Wait;
        var partitions = PartitionsOf(request.Queues);
        _pollsInFlight++;
        try
        {
            while (true)
            {
                var taken = await TakeAsync(partitions, request.MaxTasks);
                if (taken.Length > 0 || !await WaitForWorkAsync(partitions, deadline))
                {
                    return taken;
                }
            }
        }
        finally
        {
            _pollsInFlight--;
        }
    }

    /// <summary>
    /// Sleeps until a partition wakes this node (matching work arrived), a slot frees up, or <paramref name="deadline"/>
    /// passes (then false). With no free slot it does not wait in the partitions: only a freed slot can wake it.
    /// </summary>
    private async Task<bool> WaitForWorkAsync(List<IQueueGrain> partitions, DateTimeOffset deadline)
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

            await woken.Task.WaitAsync(remaining, time);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            _waiters.Remove(woken);
        }
    }

    private List<IQueueGrain> PartitionsOf(IEnumerable<string> queues) =>
        queues.SelectMany(dispatchOptions.Value.PartitionKeys).Select(key => GrainFactory.GetGrain<IQueueGrain>(key)).ToList();

    public async Task<Assignment> AssignAsync(string taskId)
    {
        await SeenAsync();
        if (FreeSlots <= 0)
        {
            throw ClawException.Conflict(ErrorCodes.NodeUnavailable, $"Node '{NodeId}' is {EffectiveStatus.ToString().ToLowerInvariant()} and takes no task now.");
        }

        _reserved++;
        try
        {
            var assignment = await GrainFactory.GetGrain<ITaskGrain>(taskId).LeaseAsync(Profile, manual: true);
            _leases.Add(assignment!.LeaseId);
            PushAssigned(assignment); // ClawBot: an assigned task reaches the bot over its socket
            return assignment;
        }
        finally
        {
            _reserved--;
        }
    }

    public Task LeaseEndedAsync(string leaseId, bool? completed, SessionNotice? notice)
    {
        var held = _leases.Remove(leaseId);
        ForgetHanded(leaseId);
        Forget(leaseId, lost: held && completed is null && notice is not null);
        if (held && notice is not null)
        {
            Tell(notice);
        }

        if (held && completed is { } success)
        {
            if (success)
            {
                Node.CompletedCount++;
            }
            else
            {
                Node.FailedCount++;
            }

            _countsChanged = true;
        }

        WakeWaiters(); // a slot is free again
        return Task.CompletedTask;
    }

    public Task WakeAsync()
    {
        WakeWaiters();
        return Task.CompletedTask;
    }

    /// <summary>Up to <paramref name="max"/> assignments: the ones handed to this node if any, else taken from the partitions up to the free slots.</summary>
    private async Task<ImmutableArray<Assignment>> TakeAsync(List<IQueueGrain> partitions, int max)
    {
        DropOldReservations();
        var handed = TakeHanded(max);
        var wanted = Math.Min(max - handed.Length, FreeSlots);
        if (handed.Length > 0 || wanted <= 0)
        {
            return handed; // handed work goes out first; the partitions are asked on the next round
        }

        // Reserve the slots first: polls interleave, and two of them must not both fill the last slot.
        _reserved += wanted;
        try
        {
            var profile = Profile;
            var ids = new List<string>();
            foreach (var partition in partitions)
            {
                ids.AddRange(await partition.TakeAsync(profile, wanted - ids.Count));
                if (ids.Count >= wanted)
                {
                    break;
                }
            }

            var leased = await Task.WhenAll(ids.Select(id => LeaseOrReconcileAsync(id, profile)));
            var assignments = leased.OfType<Assignment>().ToImmutableArray();
            foreach (var assignment in assignments)
            {
                _leases.Add(assignment.LeaseId);
            }

            return assignments;
        }
        finally
        {
            _reserved -= wanted;
        }
    }

    /// <summary>Leases one taken task; if that fails the task is asked to put itself back into the index.</summary>
    private async Task<Assignment?> LeaseOrReconcileAsync(string taskId, NodeProfile profile)
    {
        var task = GrainFactory.GetGrain<ITaskGrain>(taskId);
        try
        {
            return await task.LeaseAsync(profile, manual: false);
        }
        catch (Exception ex) when (ex is not ClawException)
        {
            LogLeaseFailed(logger, NodeId, taskId, ex);
            task.ReconcileAsync().Ignore();
            return null;
        }
    }

    private void WakeWaiters()
    {
        foreach (var waiter in _waiters)
        {
            waiter.TrySetResult();
        }
    }

    /// <summary>Slots a poll or the push channel may fill now: the registered maximum, or less after <c>ready {slots}</c>.</summary>
    private int FreeSlots => Node.Status is NodeStatus.Online && !Node.ManualBusy
        ? Math.Min(Node.MaxConcurrentTasks, _readyCap ?? int.MaxValue) - _leases.Count - _reserved - _reservations.Count
        : 0;

    private NodeProfile Profile => Node.ToProfile(NodeId);

    [LoggerMessage(103, LogLevel.Warning, "Node {NodeId} could not lease task {TaskId}; the task reconciles itself")]
    private static partial void LogLeaseFailed(ILogger logger, string nodeId, string taskId, Exception exception);
}

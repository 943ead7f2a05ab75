using System.Collections.Immutable;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;

namespace Claw.Grains.Nodes;

/// <summary>
/// Hand-off: a task submitted while this node waits for work is leased to it by the task itself, in the same write that
/// creates it, instead of being indexed, woken for, taken and written again. The node holds a slot for the task while
/// that write runs; the assignment then joins the node's leases and reaches the waiting poll or push loop.
/// </summary>
public sealed partial class NodeGrain
{
    private readonly Dictionary<string, DateTimeOffset> _reservations = new(StringComparer.Ordinal);
    private readonly List<Assignment> _handed = [];
    private IGrainTimer? _reservationTimer;

    public Task<NodeProfile?> ReserveAsync(string taskId)
    {
        DropOldReservations();
        if (FreeSlots <= 0 || _waiters.Count == 0)
        {
            return Task.FromResult<NodeProfile?>(null);
        }

        _reservations[taskId] = time.GetUtcNow();
        WatchReservations();
        return Task.FromResult<NodeProfile?>(Profile);
    }

    public Task HandOffAsync(string taskId, Assignment? assignment)
    {
        _reservations.Remove(taskId);
        if (assignment is not null)
        {
            _leases.Add(assignment.LeaseId);
            _handed.Add(assignment);
        }

        WakeWaiters(); // the assignment to deliver, or the slot free again
        return Task.CompletedTask;
    }

    /// <summary>Up to <paramref name="max"/> handed assignments not yet returned by a poll or pushed, oldest first.</summary>
    private ImmutableArray<Assignment> TakeHanded(int max)
    {
        var count = Math.Min(max, _handed.Count);
        if (count <= 0)
        {
            return [];
        }

        var handed = _handed.GetRange(0, count).ToImmutableArray();
        _handed.RemoveRange(0, count);
        return handed;
    }

    private void ForgetHanded(string leaseId) => _handed.RemoveAll(a => a.LeaseId == leaseId);

    /// <summary>Drops reservations older than the hand-off timeout; true when one was dropped (a slot came free).</summary>
    private bool DropOldReservations()
    {
        var cutoff = time.GetUtcNow() - nodeOptions.Value.HandOffTimeout;
        var dropped = false;
        foreach (var (taskId, at) in _reservations)
        {
            if (at <= cutoff)
            {
                dropped |= _reservations.Remove(taskId);
            }
        }

        return dropped;
    }

    /// <summary>While reservations are held, a timer frees the ones whose task never reported back and wakes the loops for the slot.</summary>
    private void WatchReservations()
    {
        if (_reservationTimer is not null)
        {
            return;
        }

        var period = nodeOptions.Value.HandOffTimeout;
        _reservationTimer = this.RegisterGrainTimer(_ =>
        {
            if (DropOldReservations())
            {
                WakeWaiters();
            }

            if (_reservations.Count == 0)
            {
                _reservationTimer?.Dispose();
                _reservationTimer = null;
            }

            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(period, period) { Interleave = true });
    }
}

using System.Collections.Immutable;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;

namespace Claw.Grains.Nodes;

/// <summary>
/// A node's slots, in memory: the leases it holds (rebuilt from the tasks table on activation), the slots held for takes
/// in flight and for tasks being handed to it, the cap a session sets with <c>ready {slots}</c>, and the assignments
/// handed to it but not yet delivered. The one place that says how many tasks a node may take now, and whether it is busy.
/// </summary>
public sealed class SlotLedger
{
    private readonly Dictionary<string, DateTimeOffset> _reservations = new(StringComparer.Ordinal);
    private readonly List<Assignment> _handed = [];
    private HashSet<string> _leases = new(StringComparer.Ordinal);
    private int _taking;
    private TaskCompletionSource? _takesEnded;
    private int? _readyCap;

    public int LeaseCount => _leases.Count;

    public IReadOnlyCollection<string> Leases => _leases;

    /// <summary>True while a slot is held for a task being handed to the node.</summary>
    public bool HasReservations => _reservations.Count > 0;

    /// <summary>
    /// Tasks the node may take now: none unless it is online and not set busy by hand; else its registered maximum (or
    /// less after <c>ready</c>) minus what it holds, what polls are taking, and what is being handed to it.
    /// </summary>
    public int FreeSlots(NodeState node) => node.Status is NodeStatus.Online && !node.ManualBusy
        ? Math.Min(node.SlotLimit, _readyCap ?? int.MaxValue) - _leases.Count - _taking - _reservations.Count
        : 0;

    /// <summary>The status the node shows: <c>busy</c> is derived (every slot leased, or set by hand, as ClawBot does).</summary>
    public NodeStatus EffectiveStatus(NodeState node) =>
        node.Status == NodeStatus.Online && (node.ManualBusy || _leases.Count >= node.SlotLimit) ? NodeStatus.Busy : node.Status;

    public void Rebuild(HashSet<string> leases) => _leases = leases;

    public void Hold(string leaseId) => _leases.Add(leaseId);

    /// <summary>Frees the lease's slot; true when the node held it.</summary>
    public bool Release(string leaseId)
    {
        _handed.RemoveAll(a => a.LeaseId == leaseId);
        return _leases.Remove(leaseId);
    }

    /// <summary>Frees every slot (the node crashed or left); the leases it held, to revoke.</summary>
    public List<string> ReleaseAll()
    {
        var leases = _leases.ToList();
        _leases.Clear();
        return leases;
    }

    /// <summary>Holds slots for a take in flight: polls interleave, and two of them must not both fill the last slot.</summary>
    public void BeginTake(int slots) => _taking += slots;

    /// <summary>Completes once no take is in flight: a take gives back, when its partitions answer, the slots that found no task.</summary>
    public Task TakesEnded() => _taking == 0 ? Task.CompletedTask : (_takesEnded ??= new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void EndTake(int slots)
    {
        _taking -= slots;
        if (_taking == 0 && _takesEnded is { } ended)
        {
            _takesEnded = null;
            ended.TrySetResult();
        }
    }

    /// <summary>Caps the slots at what the node holds plus <paramref name="slots"/> more (a session's <c>ready</c>).</summary>
    public void Ready(int slots) => _readyCap = _leases.Count + Math.Max(0, slots);

    /// <summary>Back to the registered maximum (a new session, or none).</summary>
    public void ClearReady() => _readyCap = null;

    /// <summary>Holds a slot for <paramref name="taskId"/>, which is being handed to the node.</summary>
    public void Reserve(string taskId, DateTimeOffset now) => _reservations[taskId] = now;

    /// <summary>The hand-off ended: with an assignment it joins the leases, to be delivered; without, the slot is free again.</summary>
    public void HandedOff(string taskId, Assignment? assignment)
    {
        _reservations.Remove(taskId);
        if (assignment is not null)
        {
            _leases.Add(assignment.LeaseId);
            _handed.Add(assignment);
        }
    }

    /// <summary>Drops reservations held longer than <paramref name="timeout"/> (their task never reported back); true when a slot came free.</summary>
    public bool DropOldReservations(DateTimeOffset now, TimeSpan timeout)
    {
        var dropped = false;
        foreach (var (taskId, at) in _reservations)
        {
            if (at <= now - timeout)
            {
                dropped |= _reservations.Remove(taskId);
            }
        }

        return dropped;
    }

    /// <summary>Up to <paramref name="max"/> handed assignments not yet delivered, oldest first.</summary>
    public ImmutableArray<Assignment> TakeHanded(int max)
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

    /// <summary>The assignment is being delivered another way (a push, a replay): it is no longer waiting to go out.</summary>
    public void Delivering(string leaseId) => _handed.RemoveAll(a => a.LeaseId == leaseId);
}

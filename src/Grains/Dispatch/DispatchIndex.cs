using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Tasks;

namespace Claw.Grains.Dispatch;

/// <summary>
/// The pending tasks of one queue partition, in memory: due ones by priority, and inside a priority in turns across
/// concurrency keys (<see cref="FairLanes"/>, FIFO inside a key); future ones by availability time. A plain class so
/// its ordering and matching are testable without a cluster.
/// </summary>
public sealed class DispatchIndex
{
    private static readonly TaskPriority[] HighestFirst = [.. Enum.GetValues<TaskPriority>().OrderDescending()];

    private readonly Dictionary<TaskPriority, FairLanes> _ready = HighestFirst.ToDictionary(p => p, _ => new FairLanes());
    private readonly SortedSet<DispatchSlot> _delayed = new(DispatchSlot.ByAvailability);
    private readonly Dictionary<string, (DispatchSlot Slot, bool Ready)> _byId = new(StringComparer.Ordinal);
    private long _sequence;

    public int Count => _byId.Count;

    public bool Contains(string taskId) => _byId.ContainsKey(taskId);

    /// <summary>When the next delayed task becomes due, if any.</summary>
    public DateTimeOffset? NextDueAt => _delayed.Count > 0 ? _delayed.Min!.Entry.AvailableAt : null;

    public void Upsert(QueueEntry entry, DateTimeOffset now)
    {
        Remove(entry.TaskId);
        var slot = new DispatchSlot(entry, ++_sequence);
        var ready = entry.AvailableAt <= now;
        _byId[entry.TaskId] = (slot, ready);
        if (ready)
        {
            LanesOf(slot).Add(slot);
        }
        else
        {
            _delayed.Add(slot);
        }
    }

    public bool Remove(string taskId)
    {
        if (!_byId.Remove(taskId, out var held))
        {
            return false;
        }

        if (held.Ready)
        {
            LanesOf(held.Slot).Remove(held.Slot);
        }
        else
        {
            _delayed.Remove(held.Slot);
        }

        return true;
    }

    /// <summary>Moves delayed tasks whose time has come to the ready set; returns them.</summary>
    public List<QueueEntry> Promote(DateTimeOffset now)
    {
        var due = new List<QueueEntry>();
        while (_delayed.Count > 0 && _delayed.Min!.Entry.AvailableAt <= now)
        {
            var slot = _delayed.Min;
            _delayed.Remove(slot);
            _byId[slot.Entry.TaskId] = (slot, true);
            LanesOf(slot).Add(slot);
            due.Add(slot.Entry);
        }

        return due;
    }

    /// <summary>Removes and returns up to <paramref name="count"/> due tasks the node can run: highest priority first, keys in turn.</summary>
    public List<string> Take(NodeProfile node, int count, DateTimeOffset now)
    {
        Promote(now);
        var taken = new List<string>(Math.Min(count, 16));
        foreach (var priority in HighestFirst)
        {
            if (taken.Count >= count)
            {
                break;
            }

            var lanes = _ready[priority];
            if (!lanes.IsEmpty)
            {
                taken.AddRange(lanes.Pick(node, count - taken.Count).Select(slot => slot.Entry.TaskId));
            }
        }

        foreach (var id in taken)
        {
            Remove(id);
        }

        return taken;
    }

    /// <summary>True when a due task in the index matches the node.</summary>
    public bool HasWorkFor(NodeProfile node) => _ready.Values.Any(lanes => lanes.HasWorkFor(node));

    private FairLanes LanesOf(DispatchSlot slot) => _ready[slot.Entry.Priority];
}

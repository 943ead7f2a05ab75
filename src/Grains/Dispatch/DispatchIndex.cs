using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Nodes;

namespace Claw.Grains.Dispatch;

/// <summary>
/// The pending tasks of one queue partition, in memory: due ones by priority (FIFO inside a priority), future ones
/// by availability time. A plain class so its ordering and matching are testable without a cluster.
/// </summary>
public sealed class DispatchIndex
{
    private readonly SortedSet<Slot> _ready = new(ReadyOrder.Instance);
    private readonly SortedSet<Slot> _delayed = new(DelayedOrder.Instance);
    private readonly Dictionary<string, Slot> _byId = new(StringComparer.Ordinal);
    private long _sequence;

    public int Count => _byId.Count;

    public bool Contains(string taskId) => _byId.ContainsKey(taskId);

    /// <summary>When the next delayed task becomes due, if any.</summary>
    public DateTimeOffset? NextDueAt => _delayed.Count > 0 ? _delayed.Min!.Entry.AvailableAt : null;

    public void Upsert(QueueEntry entry, DateTimeOffset now)
    {
        Remove(entry.TaskId);
        // FIFO inside a priority follows creation time; the sequence breaks ties between equal times.
        var slot = new Slot(entry, ++_sequence);
        _byId[entry.TaskId] = slot;
        (entry.AvailableAt <= now ? _ready : _delayed).Add(slot);
    }

    public bool Remove(string taskId)
    {
        if (!_byId.Remove(taskId, out var slot))
        {
            return false;
        }

        _ready.Remove(slot);
        _delayed.Remove(slot);
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
            _ready.Add(slot);
            due.Add(slot.Entry);
        }

        return due;
    }

    /// <summary>Removes and returns up to <paramref name="count"/> due tasks the node can run, best first.</summary>
    public List<string> Take(NodeProfile node, int count, DateTimeOffset now)
    {
        Promote(now);
        var taken = new List<string>(Math.Min(count, 16));
        foreach (var slot in _ready)
        {
            if (taken.Count >= count)
            {
                break;
            }

            if (RequirementMatcher.Matches(slot.Entry, node))
            {
                taken.Add(slot.Entry.TaskId);
            }
        }

        foreach (var id in taken)
        {
            Remove(id);
        }

        return taken;
    }

    /// <summary>True when a due task in the index matches the node.</summary>
    public bool HasWorkFor(NodeProfile node) => _ready.Any(slot => RequirementMatcher.Matches(slot.Entry, node));

    private sealed record Slot(QueueEntry Entry, long Sequence);

    private sealed class ReadyOrder : IComparer<Slot>
    {
        public static readonly ReadyOrder Instance = new();

        public int Compare(Slot? x, Slot? y)
        {
            var byPriority = y!.Entry.Priority.CompareTo(x!.Entry.Priority);
            if (byPriority != 0)
            {
                return byPriority;
            }

            var byCreation = x.Entry.CreatedAt.CompareTo(y.Entry.CreatedAt);
            return byCreation != 0 ? byCreation : x.Sequence.CompareTo(y.Sequence);
        }
    }

    private sealed class DelayedOrder : IComparer<Slot>
    {
        public static readonly DelayedOrder Instance = new();

        public int Compare(Slot? x, Slot? y)
        {
            var byTime = x!.Entry.AvailableAt.CompareTo(y!.Entry.AvailableAt);
            return byTime != 0 ? byTime : x.Sequence.CompareTo(y.Sequence);
        }
    }
}

using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Nodes;

namespace Claw.Grains.Dispatch;

/// <summary>
/// The due tasks of one priority in a partition, in one lane per concurrency key (tasks without a key share the lane
/// <c>""</c>), FIFO inside a lane. Takes go round the lanes, one task from each in turn, and the turn carries over to the
/// next take: a key with ten thousand tasks waiting and a key with ten alternate, so neither waits behind the other.
/// </summary>
public sealed class FairLanes
{
    private readonly Dictionary<string, SortedSet<DispatchSlot>> _lanes = new(StringComparer.Ordinal);
    private readonly List<string> _turns = [];
    private int _next;

    public bool IsEmpty => _lanes.Count == 0;

    public void Add(DispatchSlot slot)
    {
        var key = LaneOf(slot.Entry);
        if (!_lanes.TryGetValue(key, out var lane))
        {
            _lanes[key] = lane = new SortedSet<DispatchSlot>(DispatchSlot.Fifo);
            _turns.Add(key);
        }

        lane.Add(slot);
    }

    public void Remove(DispatchSlot slot)
    {
        var key = LaneOf(slot.Entry);
        if (!_lanes.TryGetValue(key, out var lane) || !lane.Remove(slot) || lane.Count > 0)
        {
            return;
        }

        _lanes.Remove(key);
        var at = _turns.IndexOf(key);
        _turns.RemoveAt(at);
        if (at < _next)
        {
            _next--; // the lane whose turn is next keeps it
        }

        _next = _turns.Count == 0 ? 0 : _next % _turns.Count;
    }

    /// <summary>Up to <paramref name="count"/> slots the node can run, one lane after the other (not removed: the caller removes what it takes).</summary>
    public List<DispatchSlot> Pick(NodeProfile node, int count)
    {
        var picked = new List<DispatchSlot>();
        var cursors = new Dictionary<string, IEnumerator<DispatchSlot>>(StringComparer.Ordinal);
        for (var idle = 0; picked.Count < count && idle < _turns.Count;)
        {
            var key = _turns[_next];
            _next = (_next + 1) % _turns.Count;
            if (!cursors.TryGetValue(key, out var cursor))
            {
                cursors[key] = cursor = _lanes[key].GetEnumerator();
            }

            if (NextMatch(cursor, node) is { } slot)
            {
                picked.Add(slot);
                idle = 0;
            }
            else
            {
                idle++; // a whole round without a match ends the pick
            }
        }

        return picked;
    }

    public bool HasWorkFor(NodeProfile node) => _lanes.Values.Any(lane => lane.Any(slot => RequirementMatcher.Matches(slot.Entry, node)));

    private static DispatchSlot? NextMatch(IEnumerator<DispatchSlot> cursor, NodeProfile node)
    {
        while (cursor.MoveNext())
        {
            if (RequirementMatcher.Matches(cursor.Current.Entry, node))
            {
                return cursor.Current;
            }
        }

        return null;
    }

    private static string LaneOf(QueueEntry entry) => entry.ConcurrencyKey ?? "";
}

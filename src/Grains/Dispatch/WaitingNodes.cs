using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Nodes;

namespace Claw.Grains.Dispatch;

/// <summary>
/// The nodes waiting in one queue partition for work they can run, each until its poll's deadline. A task that arrives
/// wakes the first waiting node that can run it, and that node stops waiting here (it takes, then waits again if need be).
/// </summary>
public sealed class WaitingNodes
{
    private readonly Dictionary<string, (NodeProfile Node, DateTimeOffset Until)> _waiting = new(StringComparer.Ordinal);

    public void Wait(NodeProfile node, DateTimeOffset until) => _waiting[node.NodeId] = (node, until);

    public void Remove(string nodeId) => _waiting.Remove(nodeId);

    /// <summary>Nodes whose wait has not run out at <paramref name="now"/>.</summary>
    public int Count(DateTimeOffset now) => _waiting.Values.Count(w => w.Until > now);

    /// <summary>Every node still waiting (a paused queue resumed: each takes again); none waits here afterwards.</summary>
    public List<string> TakeAll(DateTimeOffset now)
    {
        var nodes = _waiting.Where(w => w.Value.Until > now).Select(w => w.Key).ToList();
        _waiting.Clear();
        return nodes;
    }

    /// <summary>The first waiting node that can run <paramref name="entry"/>, which stops waiting; waits that ran out are dropped on the way.</summary>
    public string? TakeFor(QueueEntry entry, DateTimeOffset now)
    {
        foreach (var (nodeId, waiter) in _waiting) // removing while enumerating a Dictionary is allowed
        {
            if (waiter.Until <= now)
            {
                _waiting.Remove(nodeId);
            }
            else if (RequirementMatcher.Matches(entry, waiter.Node))
            {
                _waiting.Remove(nodeId);
                return nodeId;
            }
        }

        return null;
    }
}

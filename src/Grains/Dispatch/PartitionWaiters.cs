using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Nodes;

namespace Claw.Grains.Dispatch;

/// <summary>
/// Who a queue partition wakes: the nodes waiting in it (<see cref="WaitingNodes"/>), unless its queue is paused; a
/// resume wakes every waiting node to take again. Wake-ups are one-way calls to the node grains.
/// </summary>
public sealed class PartitionWaiters(IGrainFactory grains, TimeProvider time)
{
    private readonly WaitingNodes _waiting = new();

    /// <summary>The queue is paused: no task is handed out or offered, nobody is woken.</summary>
    public bool Paused { get; private set; }

    public int Count => _waiting.Count(time.GetUtcNow());

    public void SetPaused(bool paused)
    {
        var resumed = Paused && !paused;
        Paused = paused;
        foreach (var nodeId in resumed ? _waiting.TakeAll(time.GetUtcNow()) : [])
        {
            Wake(nodeId);
        }
    }

    /// <summary>The first waiting node that can run <paramref name="entry"/> (it stops waiting), unless paused.</summary>
    public string? HandTo(QueueEntry entry) => Paused ? null : _waiting.TakeFor(entry, time.GetUtcNow());

    /// <summary>Wakes the first waiting node that can run <paramref name="entry"/>.</summary>
    public void WakeOneFor(QueueEntry entry)
    {
        if (HandTo(entry) is { } nodeId)
        {
            Wake(nodeId);
        }
    }

    /// <summary>The node waits until <paramref name="until"/>; woken at once when <paramref name="hasWork"/> says work arrived meanwhile.</summary>
    public void Wait(NodeProfile node, DateTimeOffset until, Func<bool> hasWork)
    {
        _waiting.Wait(node, until);
        if (!Paused && hasWork())
        {
            _waiting.Remove(node.NodeId); // work arrived between the node's take and this wait
            Wake(node.NodeId);
        }
    }

    private void Wake(string nodeId) => grains.GetGrain<INodeGrain>(nodeId).WakeAsync().Ignore();
}

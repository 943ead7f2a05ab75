using Claw.Abstractions.Errors;
using Claw.Grains.Storage;

namespace Claw.Grains.Nodes;

/// <summary>
/// The node's registration as its grain holds it, and the one way a change becomes durable. Counters of ended tasks
/// change on every task, so they are written with the next transition or when the grain leaves memory, not each time.
/// </summary>
public sealed class NodeRecord(Grain grain, IPersistentState<NodeState> state, string nodeId, TimeProvider time)
{
    private bool _countsChanged;

    public string NodeId => nodeId;

    public NodeState State => state.State;

    public async Task WriteAsync()
    {
        State.UpdatedAt = time.GetUtcNow();
        await state.WriteOrForgetAsync(grain);
        _countsChanged = false;
    }

    /// <summary>Counts a task the node ended itself (written lazily).</summary>
    public void CountEnded(bool completed)
    {
        State.CountEnded(completed);
        _countsChanged = true;
    }

    /// <summary>Writes counters that changed since the last write (the grain is leaving memory).</summary>
    public async Task FlushCountsAsync()
    {
        if (State.IsRegistered && _countsChanged)
        {
            await state.WriteStateAsync();
        }
    }

    public Task ClearAsync() => state.ClearStateAsync();

    public void EnsureRegistered()
    {
        if (!State.IsRegistered)
        {
            throw ClawException.NotFound("node", nodeId);
        }
    }
}

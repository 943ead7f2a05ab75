using Claw.Abstractions.Errors;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Tasks;

namespace Claw.Grains.Tasks;

/// <summary>The broadcast rule: only a leased task has a node to push it to, and only a connected node takes the push.</summary>
public sealed partial class TaskGrain
{
    public async Task<string> PushToHolderAsync()
    {
        EnsureExists();
        if (!T.IsLeased || T.NodeId is not { } nodeId)
        {
            throw ClawException.Conflict(ErrorCodes.TaskNotAssigned, $"The task is {T.Status.Wire()}; only a leased task has a node to push it to.");
        }

        // The node asks this task for the assignment it pushes, within this call.
        using (RequestContext.AllowCallChainReentrancy())
        {
            return await GrainFactory.GetGrain<INodeGrain>(nodeId).PushTaskAsync(TaskId)
                ? nodeId
                : throw ClawException.Conflict(ErrorCodes.NodeNotConnected, $"Node '{nodeId}' has no live WebSocket session.");
        }
    }
}

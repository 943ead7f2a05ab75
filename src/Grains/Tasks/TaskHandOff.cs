using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Grains.Dispatch;

namespace Claw.Grains.Tasks;

/// <summary>
/// A new task is dispatched before its first write. With a node waiting for work it is leased to that node at once and
/// written once, already assigned: one commit between submit and the node, instead of a write, a wake-up, a take and a
/// second write. Otherwise it is indexed; a node that takes it before the write has committed queues behind this
/// submit, and one that finds no task (the write failed) leases nothing.
/// </summary>
public sealed class TaskHandOff(IGrainFactory grains, string taskId, TimeProvider time, ILogger logger)
{
    /// <summary>A reservation is one in-memory call; a node that takes longer is as good as unreachable.</summary>
    private static readonly TimeSpan ReserveTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Offers the new task to its partition. A waiting node that can run it holds a slot and <paramref name="assign"/>
    /// leases the task to it (in memory, written with the task); otherwise the task is indexed and null returned.
    /// </summary>
    public async Task<HandOff?> OfferAsync(TaskState task, IQueueGrain queue, Action<NodeProfile> assign)
    {
        if (await queue.OfferAsync(task.ToEntry(taskId)) is not { } nodeId)
        {
            return null; // indexed by the offer: no waiting node can run it now
        }

        var node = grains.GetGrain<INodeGrain>(nodeId);
        if (await ReserveAsync(node) is not { } profile || !RequirementMatcher.Matches(task.ToEntry(taskId), profile))
        {
            node.HandOffAsync(taskId, null).Ignore();
            await queue.EnqueueAsync(task.ToEntry(taskId));
            return null;
        }

        assign(profile);
        return new HandOff(node);
    }

    /// <summary>The task is written as assigned: the node gets its assignment.</summary>
    public void Deliver(HandOff handOff, Assignment assignment) => handOff.Node.HandOffAsync(taskId, assignment).Ignore();

    /// <summary>The task was not created by this submit (it existed, or its write failed): the node's slot is freed.</summary>
    public void Abandon(HandOff? handOff) => handOff?.Node.HandOffAsync(taskId, null).Ignore();

    /// <summary>
    /// The node's profile with a slot held for this task, or null. A node that does not answer at once (its silo is
    /// dying) does not hold up the submit: the task is indexed instead, and a late reservation lapses by itself.
    /// </summary>
    private async Task<NodeProfile?> ReserveAsync(INodeGrain node)
    {
        try
        {
            return await node.ReserveAsync(taskId).WaitAsync(ReserveTimeout, time);
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            logger.ReserveFailed(taskId, node.GetPrimaryKeyString(), ex);
            return null;
        }
    }
}

using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Grains.Dispatch;
using Claw.Grains.Leases;

namespace Claw.Grains.Tasks;

/// <summary>
/// A new task is dispatched before its first write. With a node waiting for work it is leased to that node at once and
/// written once, already assigned, side by side with its lease: one commit between submit and the node, instead of a
/// write, a wake-up, a take and a second write. Otherwise it is indexed; a node that takes it before the write has
/// committed queues behind this submit, and one that finds no task (the write failed) leases nothing.
/// </summary>
public sealed class TaskHandOff(IGrainFactory grains, string taskId, TimeProvider time, ILogger logger)
{
    /// <summary>A reservation is one in-memory call; a node that takes longer is as good as unreachable.</summary>
    private static readonly TimeSpan ReserveTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Offers the new task to its partition. A waiting node that can run it holds a slot, <paramref name="assign"/> makes
    /// the task its (in memory), and the lease is issued; otherwise the task is indexed and null returned.
    /// </summary>
    public async Task<HandOff?> OfferAsync(TaskState task, IQueueGrain queue, Func<NodeProfile, LeaseTerms> assign)
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

        var terms = assign(profile);

        // Only a new lease: this task may exist already (a repeated submit to a fresh activation), and its live lease
        // must not be replaced by one it never recorded.
        return new HandOff(node, terms, grains.GetGrain<ILeaseGrain>(terms.LeaseId).IssueAsync(terms, onlyNew: true));
    }

    /// <summary>The task is written as assigned: true when the node got its assignment (the lease was issued too).</summary>
    public async Task<bool> DeliverAsync(HandOff handOff, Assignment assignment)
    {
        var issued = await IssuedAsync(handOff);
        handOff.Node.HandOffAsync(taskId, issued ? assignment : null).Ignore();
        return issued;
    }

    /// <summary>The task was not created by this submit: the node's slot is freed and a lease issued for it is ended.</summary>
    public async Task AbandonAsync(HandOff? handOff)
    {
        if (handOff is null)
        {
            return;
        }

        handOff.Node.HandOffAsync(taskId, null).Ignore();
        if (await IssuedAsync(handOff))
        {
            try
            {
                await grains.GetGrain<ILeaseGrain>(handOff.Terms.LeaseId).RevokeAsync(LeaseGrain.NotIssued);
            }
            catch (Exception ex)
            {
                // Its deadline ends it; no task records it, so nobody holds it meanwhile.
                logger.HandOffNotRevoked(taskId, handOff.Terms.LeaseId, ex);
            }
        }
    }

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

    private async Task<bool> IssuedAsync(HandOff handOff)
    {
        try
        {
            return await handOff.Issued is not null;
        }
        catch (Exception ex)
        {
            logger.HandOffNotIssued(taskId, handOff.Terms.LeaseId, ex);
            return false;
        }
    }
}

using System.Collections.Immutable;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Nodes;

namespace Claw.Grains.Nodes;

/// <summary>
/// How the node grain hears what became of its tasks: a lease ended (its slot frees, its session is told, the node's
/// counters move), an outcome moves its circuit breakers (<see cref="NodeBreakers"/>), a failure report spends its
/// budget (<see cref="FailureBudget"/>).
/// </summary>
public sealed class NodeOutcomes(NodeRecord node, NodePush push, NodeWork work, NodeBreakers breakers, FailureBudget failures, TimeProvider time)
{
    public async Task LeaseEndedAsync(LeaseEnd end)
    {
        if (push.LeaseEnded(end.LeaseId, lost: end.Completed is null && end.Notice is not null, end.Notice) && end.Completed is { } completed)
        {
            node.CountEnded(completed);
        }

        work.WakeAll(); // a slot is free again
        if (end.Succeeded is { } succeeded)
        {
            await breakers.RecordAsync(end.TaskType, succeeded);
        }
    }

    public ImmutableArray<BreakerView> Breakers() =>
        node.State.IsRegistered ? breakers.View() : throw ClawException.NotFound("node", node.NodeId);

    public TimeSpan? AdmitFailure() => failures.Admit(time.GetUtcNow());
}

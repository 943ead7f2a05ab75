using System.Collections.Immutable;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Nodes;

namespace Claw.Grains.Nodes;

/// <summary>
/// How the node grain hears what became of its tasks: a lease ended (its slot frees, its session is told), an outcome
/// moves its circuit breakers (<see cref="NodeBreakers"/>), a failure report spends its budget.
/// </summary>
public sealed partial class NodeGrain
{
    public async Task LeaseEndedAsync(LeaseEnd end)
    {
        if (_push.LeaseEnded(end.LeaseId, lost: end.Completed is null && end.Notice is not null, end.Notice) && end.Completed is { } completed)
        {
            _node.CountEnded(completed);
        }

        _work.WakeAll(); // a slot is free again
        if (end.Succeeded is { } succeeded)
        {
            await _breakers.RecordAsync(end.TaskType, succeeded);
        }
    }

    public Task<ImmutableArray<BreakerView>> GetBreakersAsync() =>
        Task.FromResult(Node.IsRegistered ? _breakers.View() : throw ClawException.NotFound("node", NodeId));

    public Task<TimeSpan?> AdmitFailureAsync() => Task.FromResult(_failures.Admit(_time.GetUtcNow()));
}

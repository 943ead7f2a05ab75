using System.Collections.Immutable;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Sessions;

namespace Claw.Grains.Nodes;

/// <summary>
/// How the node grain hears what became of its tasks: a lease ended (its slot frees, its session is told), an outcome
/// moves its circuit breakers (<see cref="NodeBreakers"/>), a failure report spends its budget.
/// </summary>
public sealed partial class NodeGrain
{
    public Task LeaseEndedAsync(string leaseId, bool? completed, SessionNotice? notice)
    {
        if (_push.LeaseEnded(leaseId, lost: completed is null && notice is not null, notice) && completed is { } success)
        {
            _node.CountEnded(success);
        }

        _work.WakeAll(); // a slot is free again
        return Task.CompletedTask;
    }

    public Task TaskOutcomeAsync(string? taskType, bool success) => _breakers.RecordAsync(taskType, success);

    public Task<ImmutableArray<BreakerView>> GetBreakersAsync() =>
        Task.FromResult(Node.IsRegistered ? _breakers.View() : throw ClawException.NotFound("node", NodeId));

    public Task<TimeSpan?> AdmitFailureAsync() => Task.FromResult(_failures.Admit(_time.GetUtcNow()));
}

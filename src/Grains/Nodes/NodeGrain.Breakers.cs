using System.Collections.Immutable;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Nodes;

namespace Claw.Grains.Nodes;

/// <summary>The node grain's circuit breakers (<see cref="NodeBreakers"/>): outcomes in, state out.</summary>
public sealed partial class NodeGrain
{
    public Task TaskOutcomeAsync(string? taskType, bool success) => _breakers.RecordAsync(taskType, success);

    public Task<ImmutableArray<BreakerView>> GetBreakersAsync() =>
        Task.FromResult(Node.IsRegistered ? _breakers.View() : throw ClawException.NotFound("node", NodeId));
}

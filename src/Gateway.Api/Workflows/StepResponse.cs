using System.Collections.Immutable;
using Claw.Abstractions.Workflows;

namespace Claw.Gateway.Workflows;

/// <summary>One step of the execution trace.</summary>
public sealed record StepResponse(
    string Name,
    int Order,
    string TaskId,
    ImmutableArray<string> DependsOn,
    string Status,
    int Attempt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    long? DurationMs,
    string? Error)
{
    public static StepResponse From(StepView s) => new(s.Name, s.Order, s.TaskId, s.DependsOn, s.Status.Wire(), s.Attempt, s.StartedAt, s.FinishedAt, s.DurationMs, s.Error);
}

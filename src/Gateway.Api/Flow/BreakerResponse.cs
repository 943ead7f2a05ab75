using Claw.Abstractions.Nodes;

namespace Claw.Gateway.Flow;

/// <summary>
/// One circuit breaker of a node: <c>scope</c> <c>node</c> (every task type; <c>task_type</c> null) or <c>task_type</c>;
/// <c>state</c> <c>closed|open|half_open</c>; <c>failures</c> inside the window; when it opened and turns half-open;
/// whether its half-open trial is out.
/// </summary>
public sealed record BreakerResponse(string Scope, string? TaskType, string State, int Failures, DateTimeOffset? OpenedAt, DateTimeOffset? HalfOpenAt, bool TrialOut)
{
    public static BreakerResponse From(BreakerView b) =>
        new(b.TaskType is null ? "node" : "task_type", b.TaskType, b.State.Wire(), b.Failures, b.OpenedAt, b.HalfOpenAt, b.TrialOut);
}

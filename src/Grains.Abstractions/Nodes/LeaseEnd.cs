using Claw.Abstractions.Sessions;

namespace Claw.Abstractions.Nodes;

/// <summary>A lease of a node ended.</summary>
/// <param name="Completed">True when the holder completed, false when it failed, null when the lease was given back or lost.</param>
/// <param name="Notice">What the node's session is told when the end was not the node's own doing.</param>
/// <param name="TaskType">The task's type, the circuit breakers' scope.</param>
/// <param name="Succeeded">What the end says of the node for its circuit breakers (an expired lease is a failure); null: nothing.</param>
[GenerateSerializer, Immutable, Alias("claw.lease-end")]
public sealed record LeaseEnd(
    [property: Id(0)] string LeaseId,
    [property: Id(1)] bool? Completed,
    [property: Id(2)] SessionNotice? Notice,
    [property: Id(3)] string? TaskType,
    [property: Id(4)] bool? Succeeded);

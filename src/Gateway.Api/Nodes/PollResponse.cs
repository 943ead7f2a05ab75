using Claw.Gateway.Leases;

namespace Claw.Gateway.Nodes;

/// <summary>The answer of a poll: <c>{"assignments":[…]}</c>.</summary>
public sealed record PollResponse(List<AssignmentResponse> Assignments);

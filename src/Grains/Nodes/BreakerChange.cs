using Claw.Abstractions.Nodes;

namespace Claw.Grains.Nodes;

/// <summary>A breaker moved: <see cref="Scope"/> is <see cref="NodeProfile.AllTypes"/> for the node's own, else the task type.</summary>
public sealed record BreakerChange(string Scope, BreakerState From, BreakerState To, int Failures);

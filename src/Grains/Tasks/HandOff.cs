using Claw.Abstractions.Nodes;

namespace Claw.Grains.Tasks;

/// <summary>A waiting node holding a slot for a task that is being created with a lease to it (<see cref="TaskHandOff"/>).</summary>
public sealed record HandOff(INodeGrain Node);

using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;

namespace Claw.Grains.Tasks;

/// <summary>A lease issued to a waiting node while the task that records it is being created (<see cref="TaskHandOff"/>).</summary>
public sealed record HandOff(INodeGrain Node, LeaseTerms Terms, Task<LeaseView?> Issued);

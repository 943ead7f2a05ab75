using Claw.Abstractions.Nodes;

namespace Claw.Grains.Tasks;

/// <summary>The end of a lease as its holder hears it, once the end is written: the node, and the one-way notice it gets.</summary>
public sealed record HolderNotice(string NodeId, LeaseEnd End);

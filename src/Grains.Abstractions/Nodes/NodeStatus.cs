namespace Claw.Abstractions.Nodes;

/// <summary>Liveness and capacity of a peer node, as API.md names it.</summary>
[GenerateSerializer]
public enum NodeStatus
{
    Offline = 0,
    Online = 1,
    Busy = 2,
    Draining = 3,
}

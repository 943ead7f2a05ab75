namespace Claw.Abstractions.Swarms;

/// <summary>Swarm status (API.md "Swarms").</summary>
[GenerateSerializer]
public enum SwarmStatus
{
    Provisioning = 0,
    Running = 1,
    Paused = 2,
    Stopped = 3,
    Failed = 4,
}

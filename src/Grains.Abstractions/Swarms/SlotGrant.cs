namespace Claw.Abstractions.Swarms;

/// <summary>The swarm's answer to a task that wants a slot.</summary>
[GenerateSerializer]
public enum SlotGrant
{
    Granted = 0,
    Paused = 1,
    Full = 2,
    Stopped = 3,
}

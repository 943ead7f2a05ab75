namespace Claw.Abstractions.Monitoring;

/// <summary>One queue in the swarm-wide health: tasks waiting (and of them due now), tasks leased, the oldest due task's wait.</summary>
[GenerateSerializer, Immutable, Alias("claw.queue-health")]
public sealed record QueueHealth(
    [property: Id(0)] string Queue,
    [property: Id(1)] int Pending,
    [property: Id(2)] int Due,
    [property: Id(3)] int Leased,
    [property: Id(4)] double OldestDueSeconds);

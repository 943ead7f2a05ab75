using Claw.Abstractions.Swarms;

namespace Claw.Grains.Swarms;

/// <summary>The persisted swarm: what it was created with and where it is in its lifecycle.</summary>
[GenerateSerializer]
public sealed class SwarmState
{
    [Id(0)] public SwarmSpec? Spec { get; set; }
    [Id(1)] public SwarmStatus Status { get; set; }
    [Id(2)] public string? Error { get; set; }
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public DateTimeOffset UpdatedAt { get; set; }

    public bool Exists => Spec is not null;

    /// <summary>Stopped and failed swarms dispatch nothing again.</summary>
    public bool IsTerminal => Status is SwarmStatus.Stopped or SwarmStatus.Failed;
}

namespace Claw.Grains.Workflows;

/// <summary><c>Claw:Workflows</c>.</summary>
public sealed class WorkflowOptions
{
    /// <summary>
    /// How often a running workflow's reminder re-checks its steps, to recover a step-end notice or a step creation
    /// that a dead silo lost (never below the reminder service's minimum period).
    /// </summary>
    public TimeSpan RedriveInterval { get; set; } = TimeSpan.FromSeconds(30);
}

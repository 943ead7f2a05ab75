namespace Claw.Abstractions.Workflows;

/// <summary>
/// Where one step is: its task's status (<c>waiting</c> until its dependencies completed); <c>skipped</c> when the
/// workflow ended before it could run.
/// </summary>
[GenerateSerializer]
public enum StepStatus
{
    Waiting = 0,
    Pending = 1,
    WaitingInput = 2,
    Assigned = 3,
    InProgress = 4,
    Completed = 5,
    Failed = 6,
    Cancelled = 7,
    Skipped = 8,
}

namespace Claw.Abstractions.Workflows;

/// <summary>Where one step is: <c>waiting</c> until its task exists, then its task's status; <c>skipped</c> if it never ran.</summary>
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

namespace Claw.Abstractions.Workflows;

/// <summary>Workflow status (API.md "Workflows").</summary>
[GenerateSerializer]
public enum WorkflowStatus
{
    Pending = 0,
    InProgress = 1,
    Completed = 2,
    Failed = 3,
    Cancelled = 4,
}

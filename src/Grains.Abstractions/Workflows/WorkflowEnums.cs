namespace Claw.Abstractions.Workflows;

public static class WorkflowEnums
{
    public static bool IsTerminal(this WorkflowStatus status) => status is WorkflowStatus.Completed or WorkflowStatus.Failed or WorkflowStatus.Cancelled;

    public static bool IsTerminal(this StepStatus status) => status is StepStatus.Completed or StepStatus.Failed or StepStatus.Cancelled or StepStatus.Skipped;
}

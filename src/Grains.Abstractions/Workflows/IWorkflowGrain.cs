using System.Collections.Immutable;

namespace Claw.Abstractions.Workflows;

/// <summary>
/// One workflow: its steps, their dependencies, which step tasks exist, and the aggregate status. It creates a step's
/// task only when every dependency has completed; the tasks tell it when they end, and a reminder re-drives it in case
/// such a notice or a step's creation was lost with a silo.
/// </summary>
[Alias("claw.IWorkflowGrain")]
public interface IWorkflowGrain : IGrainWithStringKey
{
    /// <summary>Creates the workflow; a second call with the same fingerprint returns it unchanged.</summary>
    [Alias("create")]
    Task<WorkflowCreated> CreateAsync(WorkflowDefinition definition);

    [Alias("get")]
    Task<WorkflowView?> GetAsync();

    /// <summary>The step tasks that exist, in step order.</summary>
    [Alias("tasks")]
    Task<ImmutableArray<string>> GetTaskIdsAsync();

    [Alias("start")]
    Task<WorkflowView> StartAsync();

    /// <summary>Cancels the workflow and every step task that has not ended; holders of leased ones are told.</summary>
    [Alias("cancel")]
    Task<WorkflowView> CancelAsync(string? reason);

    /// <summary>Deletes a workflow that is not running.</summary>
    [Alias("delete")]
    Task DeleteAsync();

    /// <summary>A step task's notice that it ended (completed, failed for good, or cancelled).</summary>
    [OneWay, Alias("step-ended")]
    Task StepEndedAsync(StepOutcome outcome);
}

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

public static class WorkflowEnums
{
    public static bool IsTerminal(this WorkflowStatus status) => status is WorkflowStatus.Completed or WorkflowStatus.Failed or WorkflowStatus.Cancelled;

    public static bool IsTerminal(this StepStatus status) => status is StepStatus.Completed or StepStatus.Failed or StepStatus.Cancelled or StepStatus.Skipped;
}

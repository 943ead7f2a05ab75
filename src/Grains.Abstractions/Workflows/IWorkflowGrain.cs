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

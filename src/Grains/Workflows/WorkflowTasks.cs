using Claw.Abstractions.Errors;
using Claw.Abstractions.Tasks;
using Claw.Abstractions.Workflows;

namespace Claw.Grains.Workflows;

/// <summary>The step tasks of one workflow, called in parallel: read, submitted (with their inputs) and cancelled.</summary>
public sealed class WorkflowTasks(IGrainFactory grains, string workflowId)
{
    /// <summary>The live view of each step's task (null for a step without one, or a task that is gone).</summary>
    public Task<TaskView?[]> ViewsAsync(IEnumerable<StepState> steps, Func<StepState, bool> ask) =>
        Task.WhenAll(steps.Select(async s => ask(s) ? await Of(s.TaskId).GetAsync() : null));

    /// <summary>Creates (or, repeated after a crash, finds) the task of a due step.</summary>
    public async Task<TaskView> SubmitAsync(WorkflowState workflow, StepState step, WorkflowStep spec)
    {
        var inputs = WorkflowSteps.TakesInputs(workflow, spec)
            ? await Task.WhenAll(spec.DependsOn.Select(async name => (name, (await Of(workflow.Steps.Single(s => s.Name == name).TaskId).GetAsync())?.ResultJson)))
            : [];
        return (await Of(step.TaskId).SubmitAsync(WorkflowSteps.Submission(workflow, workflowId, step, spec, inputs))).Task;
    }

    public Task CancelAsync(IEnumerable<StepState> steps, string reason) => Task.WhenAll(steps.Select(s => CancelAsync(s, reason)));

    private async Task CancelAsync(StepState step, string reason)
    {
        try
        {
            await Of(step.TaskId).CancelAsync(reason);
        }
        catch (ClawException ex) when (ex.Code == ErrorCodes.InvalidTransition)
        {
            // it ended meanwhile; its own notice brings the outcome
        }
    }

    private ITaskGrain Of(string taskId) => grains.GetGrain<ITaskGrain>(taskId);
}

using Claw.Abstractions.Errors;
using Claw.Abstractions.Tasks;
using Claw.Abstractions.Workflows;

namespace Claw.Grains.Workflows;

/// <summary>The step tasks of one workflow, called in parallel: created, read, opened (with their inputs), released to dispatch and cancelled.</summary>
public sealed class WorkflowTasks(IGrainFactory grains, string workflowId)
{
    /// <summary>The live view of each step's task (null for a step not asked, or a task that is gone).</summary>
    public Task<TaskView?[]> ViewsAsync(IEnumerable<StepState> steps, Func<StepState, bool> ask) =>
        Task.WhenAll(steps.Select(async s => ask(s) ? await Of(s.TaskId).GetAsync() : null));

    /// <summary>Creates (or, repeated after a crash, finds) the task of every step of a new workflow.</summary>
    public async Task<TaskView[]> CreateAsync(WorkflowDefinition definition, List<StepState> steps) =>
        await Task.WhenAll(steps.Select((step, i) => SubmitAsync(definition, step, definition.Steps[i])));

    /// <summary>
    /// Opens a due step: its task (created first if an interrupted creation left it out) is pending, with its
    /// dependencies' results in <c>payload.inputs</c> in a DAG, and dispatched automatically if <paramref name="automatic"/>.
    /// </summary>
    public async Task<TaskView> OpenAsync(WorkflowState workflow, StepState step, WorkflowStep spec, bool automatic)
    {
        if (!step.Created)
        {
            await SubmitAsync(workflow.Definition!, step, spec);
        }

        var payload = WorkflowSteps.TakesInputs(workflow, spec)
            ? StepInputs.Merge(spec.Task.PayloadJson, await Task.WhenAll(spec.DependsOn.Select(async name =>
                (name, (await Of(workflow.Steps.Single(s => s.Name == name).TaskId).GetAsync())?.ResultJson))))
            : null;
        return await Of(step.TaskId).OpenAsync(payload, automatic);
    }

    /// <summary>The workflow runs: its opened steps, held for hand assignment until now, are dispatched automatically.</summary>
    public Task ReleaseAsync(IEnumerable<StepState> steps) => Task.WhenAll(steps.Select(s => Of(s.TaskId).OpenAsync(null, automatic: true)));

    /// <summary>Cancels the steps' tasks; each answers its view, or null when it had ended meanwhile (its own notice brings how).</summary>
    public Task<TaskView?[]> CancelAsync(IEnumerable<StepState> steps, string reason) => Task.WhenAll(steps.Select(s => CancelAsync(s, reason)));

    /// <summary>Cancels whichever of the steps' tasks exist, after a refused creation; one never created is passed over.</summary>
    public Task DiscardAsync(IEnumerable<StepState> steps) => Task.WhenAll(steps.Select(async s =>
    {
        try
        {
            await Of(s.TaskId).CancelAsync("its workflow's creation was refused");
        }
        catch (ClawException)
        {
            // Not found (its submit was the refused one) or already ended.
        }
    }));

    private async Task<TaskView> SubmitAsync(WorkflowDefinition definition, StepState step, WorkflowStep spec) =>
        (await Of(step.TaskId).SubmitAsync(WorkflowSteps.Submission(definition, workflowId, step, spec))).Task;

    private async Task<TaskView?> CancelAsync(StepState step, string reason)
    {
        try
        {
            return await Of(step.TaskId).CancelAsync(reason);
        }
        catch (ClawException ex) when (ex.Code == ErrorCodes.InvalidTransition)
        {
            return null;
        }
    }

    private ITaskGrain Of(string taskId) => grains.GetGrain<ITaskGrain>(taskId);
}

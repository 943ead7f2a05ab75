using Claw.Abstractions.Tasks;
using Claw.Abstractions.Workflows;

namespace Claw.Grains.Workflows;

/// <summary>
/// The rules of a workflow's steps: a step's task is created once all its dependencies completed, with an id and an
/// idempotency fingerprint that follow from the workflow (so a repeat after a crash finds the same task); a step that
/// fails or is cancelled breaks the workflow; the workflow completes when every step has.
/// </summary>
public static class WorkflowSteps
{
    /// <summary>The steps of a new workflow, none created yet; step task ids are <c>{workflow}.step-{n}</c>.</summary>
    public static List<StepState> Plan(WorkflowDefinition definition, string workflowId) =>
        definition.Steps.Select((step, i) => new StepState { Name = step.Name, TaskId = $"{workflowId}.step-{i + 1}" }).ToList();

    /// <summary>Steps not created yet whose dependencies all completed, with their definitions, in order.</summary>
    public static List<(StepState Step, WorkflowStep Spec)> Due(WorkflowState workflow)
    {
        var completed = workflow.Steps.Where(s => s.Status == StepStatus.Completed).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        return workflow.Steps.Select((step, i) => (Step: step, Spec: workflow.Definition!.Steps[i]))
            .Where(p => !p.Step.Created && p.Spec.DependsOn.All(completed.Contains))
            .ToList();
    }

    /// <summary>Steps created and not ended: their tasks are the ones to ask or to cancel.</summary>
    public static List<StepState> Open(WorkflowState workflow) => workflow.Steps.Where(s => s.Created && !s.Status.IsTerminal()).ToList();

    /// <summary>Completes the workflow when every step completed; false while one has not.</summary>
    public static bool Complete(WorkflowState workflow, DateTimeOffset now)
    {
        if (!workflow.Steps.All(s => s.Status == StepStatus.Completed))
        {
            return false;
        }

        workflow.Status = WorkflowStatus.Completed;
        workflow.CompletedAt = now;
        return true;
    }

    /// <summary>The workflow ended and every step it created ended too: nothing is left for the re-drive to finish.</summary>
    public static bool Settled(WorkflowState workflow) => workflow.Status.IsTerminal() && workflow.Steps.All(s => !s.Created || s.Status.IsTerminal());

    /// <summary>
    /// The tasks of <paramref name="steps"/> were created (<paramref name="tasks"/>, by position): each step shows its
    /// task's status and attempt. Those that had ended already (a repeated creation found them), with how.
    /// </summary>
    public static List<(StepState Step, StepOutcome Outcome)> Created(IReadOnlyList<StepState> steps, IReadOnlyList<TaskView> tasks)
    {
        foreach (var (step, task) in steps.Zip(tasks))
        {
            step.Created = true;
            step.Status = WorkflowMapping.StepStatusOf(task.Status);
            step.Attempt = task.Attempt;
        }

        return EndedAmong(steps, tasks);
    }

    /// <summary>Records step ends; the first step among them that did not complete (the workflow fails by it), if any.</summary>
    public static StepState? Ended(IEnumerable<(StepState Step, StepOutcome Outcome)> ended)
    {
        StepState? broken = null;
        foreach (var (step, outcome) in ended)
        {
            step.Status = WorkflowMapping.StepStatusOf(outcome.Status);
            step.Attempt = outcome.Attempt;
            step.StartedAt = outcome.StartedAt;
            step.FinishedAt = outcome.FinishedAt;
            step.Error = outcome.Error;
            broken ??= step.Status == StepStatus.Completed ? null : step;
        }

        return broken;
    }

    /// <summary>Why a broken step fails its workflow.</summary>
    public static string Failure(StepState broken) =>
        $"step '{broken.Name}' {(broken.Status == StepStatus.Failed ? "failed" : "was cancelled")}" + (broken.Error is { } e ? ": " + e : "");

    /// <summary>Ends the workflow: steps never created are skipped, so nothing more is created.</summary>
    public static void End(WorkflowState workflow, WorkflowStatus status, string error, DateTimeOffset now)
    {
        workflow.Status = status;
        workflow.Error = error;
        workflow.CompletedAt = now;
        foreach (var step in workflow.Steps.Where(s => !s.Created))
        {
            step.Status = StepStatus.Skipped;
        }
    }

    /// <summary>A step of a DAG (not of the sequential ClawBot form) with dependencies is handed their results.</summary>
    public static bool TakesInputs(WorkflowState workflow, WorkflowStep spec) => !workflow.Definition!.Sequential && spec.DependsOn.Length > 0;

    /// <summary>
    /// The task a due step submits: its template with the workflow's ids, and, in a DAG (not the sequential ClawBot
    /// form), the results of its dependencies as <c>payload.inputs</c>.
    /// </summary>
    public static TaskSubmission Submission(WorkflowState workflow, string workflowId, StepState step, WorkflowStep spec, IEnumerable<(string Step, string? ResultJson)> inputs)
    {
        var definition = workflow.Definition!;
        return spec.Task with
        {
            PayloadJson = TakesInputs(workflow, spec) ? StepInputs.Merge(spec.Task.PayloadJson, inputs) : spec.Task.PayloadJson,
            WorkflowId = workflowId,
            CorrelationId = definition.CorrelationId,
            IdempotencyFingerprint = $"workflow:{workflowId}:{step.Name}",
        };
    }

    /// <summary>Of <paramref name="steps"/>, those whose task (in <paramref name="views"/>, by position) has ended, with how.</summary>
    public static List<(StepState Step, StepOutcome Outcome)> EndedAmong(IEnumerable<StepState> steps, IEnumerable<TaskView?> views) =>
        steps.Zip(views).Where(p => p.Second is { } v && v.Status.IsTerminal()).Select(p => (p.First, OutcomeOf(p.Second!))).ToList();

    public static StepOutcome OutcomeOf(TaskView task) => new(task.Id, task.Status, task.Attempt, task.StartedAt, task.CompletedAt, task.Error);
}

using Claw.Abstractions.Tasks;
using Claw.Abstractions.Workflows;

namespace Claw.Grains.Workflows;

/// <summary>
/// The rules of a workflow's steps. Every step's task is created with the workflow, under an id and an idempotency
/// fingerprint that follow from it (so a repeat after a crash finds the same task): a step with dependencies
/// <c>waiting</c>, a first step pending. Until the workflow starts its steps are held for hand assignment (ClawBot
/// clients assign them); once it runs they are dispatched. A step is opened when all its dependencies completed; a
/// step that fails or is cancelled breaks the workflow; the workflow completes when every step has (one without steps
/// never does, as in the ClawBot Coordinator).
/// </summary>
public static class WorkflowSteps
{
    /// <summary>The steps of a new workflow; step task ids are <c>{workflow}.step-{n}</c>.</summary>
    public static List<StepState> Plan(WorkflowDefinition definition, string workflowId) =>
        definition.Steps.Select((step, i) => new StepState { Name = step.Name, TaskId = $"{workflowId}.step-{i + 1}" }).ToList();

    /// <summary>
    /// The task a step is created as: its template with the workflow's ids, held for hand assignment until the workflow
    /// runs (steps have no dispatch mode of their own), and <c>waiting</c> when it has dependencies.
    /// </summary>
    public static TaskSubmission Submission(WorkflowDefinition definition, string workflowId, StepState step, WorkflowStep spec) => spec.Task with
    {
        WorkflowId = workflowId,
        CorrelationId = definition.CorrelationId,
        IdempotencyFingerprint = $"workflow:{workflowId}:{step.Name}",
        Dispatch = DispatchMode.Manual,
        Waiting = spec.DependsOn.Length > 0,
    };

    /// <summary>Steps not yet opened whose dependencies all completed, with their definitions, in order.</summary>
    public static List<(StepState Step, WorkflowStep Spec)> Due(WorkflowState workflow)
    {
        var completed = workflow.Steps.Where(s => s.Status == StepStatus.Completed).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        return workflow.Steps.Select((step, i) => (Step: step, Spec: workflow.Definition!.Steps[i]))
            .Where(p => !p.Step.Released && !p.Step.Status.IsTerminal() && p.Spec.DependsOn.All(completed.Contains))
            .ToList();
    }

    /// <summary>Steps created and not ended: their tasks are the ones to ask or to cancel.</summary>
    public static List<StepState> Open(WorkflowState workflow) => workflow.Steps.Where(s => s.Created && !s.Status.IsTerminal()).ToList();

    /// <summary>Opened steps that have not ended: held for hand assignment until the workflow runs, dispatched after.</summary>
    public static List<StepState> Held(WorkflowState workflow) => Open(workflow).Where(s => s.Released).ToList();

    /// <summary>
    /// Of <paramref name="steps"/> and their tasks' views (by position), the opened ones still held for hand assignment
    /// (their task still waits for <c>assign</c>) while the workflow runs: a start whose release was lost.
    /// </summary>
    public static List<StepState> StillHeld(IEnumerable<StepState> steps, IEnumerable<TaskView?> views) =>
        steps.Zip(views).Where(p => p.First.Released && p.Second is { Dispatch: DispatchMode.Manual } v && !v.Status.IsTerminal()).Select(p => p.First).ToList();

    /// <summary>Completes the workflow when it has steps and every one completed; false otherwise.</summary>
    public static bool Complete(WorkflowState workflow, DateTimeOffset now)
    {
        if (workflow.Steps.Count == 0 || !workflow.Steps.All(s => s.Status == StepStatus.Completed))
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
    /// The tasks of <paramref name="steps"/> were created or opened (<paramref name="tasks"/>, by position): each step
    /// shows its task's status and attempt, and is opened unless its task still waits. Those that had ended already (a
    /// repeated creation found them), with how.
    /// </summary>
    public static List<(StepState Step, StepOutcome Outcome)> Track(IReadOnlyList<StepState> steps, IReadOnlyList<TaskView> tasks)
    {
        foreach (var (step, task) in steps.Zip(tasks))
        {
            step.Created = true;
            step.Released |= task.Status != ClawTaskStatus.Waiting;
            step.Status = WorkflowMapping.StepStatusOf(task.Status);
            step.Attempt = task.Attempt;
        }

        return EndedAmong(steps, tasks);
    }

    /// <summary>
    /// Records step ends; the first step among them that did not complete (the workflow fails by it), if any. A step
    /// cancelled before it was opened never ran: it is skipped.
    /// </summary>
    public static StepState? Ended(IEnumerable<(StepState Step, StepOutcome Outcome)> ended)
    {
        StepState? broken = null;
        foreach (var (step, outcome) in ended)
        {
            var status = WorkflowMapping.StepStatusOf(outcome.Status);
            step.Status = status == StepStatus.Cancelled && !step.Released ? StepStatus.Skipped : status;
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

    /// <summary>Ends the workflow: a step whose task was never created (an interrupted creation) is skipped; the others are cancelled by the caller.</summary>
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

    /// <summary>Of <paramref name="steps"/>, those whose task (in <paramref name="views"/>, by position) has ended, with how.</summary>
    public static List<(StepState Step, StepOutcome Outcome)> EndedAmong(IEnumerable<StepState> steps, IEnumerable<TaskView?> views) =>
        steps.Zip(views).Where(p => p.Second is { } v && v.Status.IsTerminal()).Select(p => (p.First, OutcomeOf(p.Second!))).ToList();

    public static StepOutcome OutcomeOf(TaskView task) => new(task.Id, task.Status, task.Attempt, task.StartedAt, task.CompletedAt, task.Error);
}

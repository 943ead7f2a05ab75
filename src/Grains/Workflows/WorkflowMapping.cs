using System.Collections.Immutable;
using Claw.Abstractions.Tasks;
using Claw.Abstractions.Workflows;

namespace Claw.Grains.Workflows;

/// <summary>State → wire, shared by the workflow grain and the catalog's list query.</summary>
internal static class WorkflowMapping
{
    /// <summary>The view; <paramref name="live"/> (by step) overrides the stored trace of steps still running.</summary>
    public static WorkflowView ToView(this WorkflowState w, string id, IReadOnlyList<TaskView?>? live = null)
    {
        var d = w.Definition!;
        var steps = w.Steps.Select((s, i) => live?[i] is { } t
                ? new StepView(s.Name, i + 1, s.TaskId, d.Steps[i].DependsOn, StepStatusOf(t.Status), t.Attempt, t.StartedAt, t.CompletedAt, t.Error)
                : new StepView(s.Name, i + 1, s.TaskId, d.Steps[i].DependsOn, s.Status, s.Attempt, s.StartedAt, s.FinishedAt, s.Error))
            .ToImmutableArray();
        return new WorkflowView(
            id, d.Name, d.Description, w.Status, w.Steps.Select(s => s.TaskId).ToImmutableArray(), steps, d.MetadataJson, w.Error,
            w.CreatedAt, w.UpdatedAt, w.StartedAt, w.CompletedAt, d.CorrelationId);
    }

    public static StepStatus StepStatusOf(ClawTaskStatus status) => status switch
    {
        ClawTaskStatus.Waiting => StepStatus.Waiting,
        ClawTaskStatus.Pending => StepStatus.Pending,
        ClawTaskStatus.WaitingInput => StepStatus.WaitingInput,
        ClawTaskStatus.Assigned => StepStatus.Assigned,
        ClawTaskStatus.InProgress => StepStatus.InProgress,
        ClawTaskStatus.Completed => StepStatus.Completed,
        ClawTaskStatus.Failed => StepStatus.Failed,
        _ => StepStatus.Cancelled,
    };
}

using Claw.Abstractions.Workflows;

namespace Claw.Grains.Workflows;

/// <summary>The persisted workflow: its definition, aggregate status, and where each step is.</summary>
[GenerateSerializer]
public sealed class WorkflowState
{
    [Id(0)] public WorkflowDefinition? Definition { get; set; }
    [Id(1)] public WorkflowStatus Status { get; set; }
    [Id(2)] public List<StepState> Steps { get; set; } = [];
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(5)] public DateTimeOffset? StartedAt { get; set; }
    [Id(6)] public DateTimeOffset? CompletedAt { get; set; }
    [Id(7)] public string? Error { get; set; }

    public bool Exists => Definition is not null;
}

/// <summary>One step: its task (created once its dependencies completed) and what that task last reported.</summary>
[GenerateSerializer]
public sealed class StepState
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public string TaskId { get; set; } = "";
    [Id(2)] public bool Created { get; set; }
    [Id(3)] public StepStatus Status { get; set; }
    [Id(4)] public int Attempt { get; set; }
    [Id(5)] public DateTimeOffset? StartedAt { get; set; }
    [Id(6)] public DateTimeOffset? FinishedAt { get; set; }
    [Id(7)] public string? Error { get; set; }
}

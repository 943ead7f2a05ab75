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

using Claw.Abstractions.Workflows;

namespace Claw.Grains.Workflows;

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

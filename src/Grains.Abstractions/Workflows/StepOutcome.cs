using Claw.Abstractions.Tasks;

namespace Claw.Abstractions.Workflows;

/// <summary>What a step task reports when it ends.</summary>
[GenerateSerializer, Immutable, Alias("claw.step-outcome")]
public sealed record StepOutcome(
    [property: Id(0)] string TaskId,
    [property: Id(1)] ClawTaskStatus Status,
    [property: Id(2)] int Attempt,
    [property: Id(3)] DateTimeOffset? StartedAt,
    [property: Id(4)] DateTimeOffset? FinishedAt,
    [property: Id(5)] string? Error);

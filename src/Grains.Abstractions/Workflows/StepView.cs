using System.Collections.Immutable;

namespace Claw.Abstractions.Workflows;

/// <summary>One step of the trace: its task, status, attempt and timing.</summary>
[GenerateSerializer, Immutable, Alias("claw.workflow-step-view")]
public sealed record StepView(
    [property: Id(0)] string Name,
    [property: Id(1)] int Order,
    [property: Id(2)] string TaskId,
    [property: Id(3)] ImmutableArray<string> DependsOn,
    [property: Id(4)] StepStatus Status,
    [property: Id(5)] int Attempt,
    [property: Id(6)] DateTimeOffset? StartedAt,
    [property: Id(7)] DateTimeOffset? FinishedAt,
    [property: Id(8)] string? Error)
{
    public long? DurationMs => StartedAt is { } start && FinishedAt is { } end ? (long)(end - start).TotalMilliseconds : null;
}

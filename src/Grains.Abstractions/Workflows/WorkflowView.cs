using System.Collections.Immutable;

namespace Claw.Abstractions.Workflows;

/// <summary>A workflow as clients see it, with its per-step execution trace.</summary>
[GenerateSerializer, Immutable, Alias("claw.workflow-view")]
public sealed record WorkflowView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Description,
    [property: Id(3)] WorkflowStatus Status,
    [property: Id(4)] ImmutableArray<string> TaskIds,
    [property: Id(5)] ImmutableArray<StepView> Steps,
    [property: Id(6)] string? MetadataJson,
    [property: Id(7)] string? Error,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset UpdatedAt,
    [property: Id(10)] DateTimeOffset? StartedAt,
    [property: Id(11)] DateTimeOffset? CompletedAt,
    [property: Id(12)] string CorrelationId);

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

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

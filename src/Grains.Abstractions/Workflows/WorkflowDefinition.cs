using System.Collections.Immutable;

namespace Claw.Abstractions.Workflows;

/// <summary>A validated <c>POST /workflows</c>: the steps in order, each dependency naming an earlier-declared or later step.</summary>
[GenerateSerializer, Immutable, Alias("claw.workflow-definition")]
public sealed record WorkflowDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Description,
    [property: Id(2)] ImmutableArray<WorkflowStep> Steps,
    [property: Id(3)] bool Sequential,
    [property: Id(4)] bool Start,
    [property: Id(5)] string? MetadataJson,
    [property: Id(6)] string CorrelationId,
    [property: Id(7)] string? IdempotencyFingerprint);

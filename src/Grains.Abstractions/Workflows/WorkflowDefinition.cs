using System.Collections.Immutable;
using Claw.Abstractions.Tasks;

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

/// <summary>
/// One step: the task it becomes (its submission, without workflow id and correlation, which the workflow sets) and
/// the steps it depends on.
/// </summary>
[GenerateSerializer, Immutable, Alias("claw.workflow-step")]
public sealed record WorkflowStep(
    [property: Id(0)] string Name,
    [property: Id(1)] ImmutableArray<string> DependsOn,
    [property: Id(2)] TaskSubmission Task);

/// <summary>The answer to create: the workflow and whether it was an idempotent replay.</summary>
[GenerateSerializer, Immutable, Alias("claw.workflow-created")]
public sealed record WorkflowCreated([property: Id(0)] WorkflowView Workflow, [property: Id(1)] bool Replayed);

/// <summary>What a step task reports when it ends.</summary>
[GenerateSerializer, Immutable, Alias("claw.step-outcome")]
public sealed record StepOutcome(
    [property: Id(0)] string TaskId,
    [property: Id(1)] ClawTaskStatus Status,
    [property: Id(2)] int Attempt,
    [property: Id(3)] DateTimeOffset? StartedAt,
    [property: Id(4)] DateTimeOffset? FinishedAt,
    [property: Id(5)] string? Error);

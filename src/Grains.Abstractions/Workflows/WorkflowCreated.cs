namespace Claw.Abstractions.Workflows;

/// <summary>The answer to create: the workflow and whether it was an idempotent replay.</summary>
[GenerateSerializer, Immutable, Alias("claw.workflow-created")]
public sealed record WorkflowCreated([property: Id(0)] WorkflowView Workflow, [property: Id(1)] bool Replayed);

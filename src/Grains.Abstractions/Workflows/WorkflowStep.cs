using System.Collections.Immutable;
using Claw.Abstractions.Tasks;

namespace Claw.Abstractions.Workflows;

/// <summary>
/// One step: the task it becomes (its submission, without workflow id and correlation, which the workflow sets) and
/// the steps it depends on.
/// </summary>
[GenerateSerializer, Immutable, Alias("claw.workflow-step")]
public sealed record WorkflowStep(
    [property: Id(0)] string Name,
    [property: Id(1)] ImmutableArray<string> DependsOn,
    [property: Id(2)] TaskSubmission Task);

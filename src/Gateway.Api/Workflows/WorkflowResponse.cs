using System.Collections.Immutable;
using System.Text.Json;
using Claw.Abstractions.Workflows;
using Claw.Gateway.Http;

namespace Claw.Gateway.Workflows;

/// <summary>A workflow on the wire: the ClawBot answer's fields (<c>id, name, status, task_ids, created_at</c>) and the step trace.</summary>
public sealed record WorkflowResponse(
    string Id,
    string Name,
    string? Description,
    string Status,
    ImmutableArray<string> TaskIds,
    List<StepResponse> Steps,
    JsonElement? Metadata,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string CorrelationId)
{
    public static WorkflowResponse From(WorkflowView w) => new(
        w.Id, w.Name, w.Description, w.Status.Wire(), w.TaskIds, w.Steps.Select(StepResponse.From).ToList(), ClawJson.Raw(w.MetadataJson), w.Error,
        w.CreatedAt, w.UpdatedAt, w.StartedAt, w.CompletedAt, w.CorrelationId);
}

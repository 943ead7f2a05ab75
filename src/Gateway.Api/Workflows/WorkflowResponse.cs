using System.Collections.Immutable;
using System.Text.Json;
using Claw.Abstractions.Workflows;
using Claw.Gateway.Http;

namespace Claw.Gateway.Workflows;

/// <summary>
/// A workflow on the wire: ClawBot's fields (<c>id, name, description, status, task_ids, metadata, created_at,
/// started_at, completed_at, updated_at</c>; <c>description</c> <c>""</c> and <c>metadata</c> <c>{}</c> when not given)
/// beside Claw's step trace.
/// </summary>
public sealed record WorkflowResponse(
    string Id,
    string Name,
    string Description,
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
        w.Id, w.Name, w.Description ?? "", w.Status.Wire(), w.TaskIds, w.Steps.Select(StepResponse.From).ToList(), ClawJson.Raw(w.MetadataJson) ?? ClawJson.EmptyObject, w.Error,
        w.CreatedAt, w.UpdatedAt, w.StartedAt, w.CompletedAt, w.CorrelationId);
}

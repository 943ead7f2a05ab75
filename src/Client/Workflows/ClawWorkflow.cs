using System.Text.Json;

namespace Claw.Client.Workflows;

/// <summary>A workflow with its steps' live status; statuses <c>pending</c>, <c>in_progress</c>, <c>completed</c>, <c>failed</c>, <c>cancelled</c>.</summary>
public sealed record ClawWorkflow(
    string Id,
    string Name,
    string Description,
    string Status,
    IReadOnlyList<string> TaskIds,
    IReadOnlyList<WorkflowStep> Steps,
    JsonElement? Metadata,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string CorrelationId);

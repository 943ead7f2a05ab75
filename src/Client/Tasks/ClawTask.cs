using System.Text.Json;

namespace Claw.Client.Tasks;

/// <summary>A task as the server shows it (docs/api.md "Task"); statuses and priorities are the wire's lower-case text.</summary>
public sealed record ClawTask(
    string Id,
    string Queue,
    string? Type,
    JsonElement? Payload,
    string Priority,
    string Status,
    int Attempt,
    int MaxRetries,
    IReadOnlyList<string>? RequiredCapabilities,
    Resources? Resources,
    IReadOnlyList<string>? Models,
    IReadOnlyDictionary<string, string>? Labels,
    string? NodeId,
    string? LeaseId,
    TaskProgress? Progress,
    JsonElement? Result,
    string? Error,
    string? ErrorCode,
    DateTimeOffset AvailableAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? AssignedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string? WorkflowId,
    string? SwarmId,
    string CorrelationId,
    int TimeoutSeconds,
    string Dispatch,
    JsonElement? Metadata,
    RetryBackoff? RetryBackoff,
    int CrashRequeues,
    DateTimeOffset? ApprovalExpiresAt,
    string? CallbackUrl)
{
    /// <summary>True once the task has ended: <c>completed</c>, <c>failed</c> or <c>cancelled</c>.</summary>
    public bool IsTerminal => Status is TaskStatuses.Completed or TaskStatuses.Failed or TaskStatuses.Cancelled;
}

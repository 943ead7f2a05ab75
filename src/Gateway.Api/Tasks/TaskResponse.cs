using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Claw.Abstractions.Tasks;
using Claw.Gateway.Http;
using Claw.Gateway.Nodes;

namespace Claw.Gateway.Tasks;

/// <summary>
/// A task on the wire (API.md "Task"): ClawBot's fields (<c>bot_id</c> repeats <c>node_id</c>; <c>assigned_at</c>,
/// <c>started_at</c>) beside Claw's. The answer to an action (<c>assign</c>, <c>start</c>, <c>complete</c>, <c>fail</c>,
/// <c>cancel</c>) adds ClawBot's <c>task_id</c> and <c>message</c>.
/// </summary>
public sealed record TaskResponse(
    string Id,
    string Queue,
    string? Type,
    JsonElement? Payload,
    TaskPriority Priority,
    string Status,
    int Attempt,
    int MaxRetries,
    ImmutableArray<string> RequiredCapabilities,
    ResourcesBody Resources,
    ImmutableArray<string> Models,
    ImmutableDictionary<string, string> Labels,
    string? NodeId,
    string? BotId,
    string? LeaseId,
    ProgressBody? Progress,
    JsonElement? Result,
    string? Error,
    DateTimeOffset AvailableAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt,
    string? WorkflowId,
    string? SwarmId,
    string CorrelationId,
    int TimeoutSeconds,
    DispatchMode Dispatch,
    JsonElement? Metadata,
    RetryBackoffBody RetryBackoff,
    int CrashRequeues,
    DateTimeOffset? StartedAt,
    DateTimeOffset? ApprovalExpiresAt,
    DateTimeOffset? AssignedAt,
    string? ErrorCode,
    string? CallbackUrl,
    ImmutableArray<string> NonRetriableCodes,
    DateTimeOffset? ExpiresAt,
    string? ConcurrencyKey,
    int? ConcurrencyLimit)
{
    /// <summary>The task's id again, on an action's answer (ClawBot's <c>TaskStatusUpdate</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TaskId { get; init; }

    /// <summary>What the action did, in ClawBot's words.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; init; }

    /// <summary>The task as an action answers it.</summary>
    public static TaskResponse After(TaskView task, string message) => From(task) with { TaskId = task.Id, Message = message };

    public static TaskResponse From(TaskView t) => new(
        t.Id, t.Queue, t.Type, ClawJson.Raw(t.PayloadJson), t.Priority, t.Status.Wire(), t.Attempt, t.MaxRetries,
        t.Requirements.Capabilities, ResourcesBody.From(t.Requirements.Resources), t.Requirements.Models, t.Requirements.Labels,
        t.NodeId, t.NodeId, t.LeaseId, t.Progress is { } p ? new ProgressBody(p.Percent, p.Message, ClawJson.Raw(p.DataJson), p.At) : null,
        ClawJson.Raw(t.ResultJson), t.Error, t.AvailableAt, t.CreatedAt, t.UpdatedAt, t.CompletedAt, t.WorkflowId, t.SwarmId,
        t.CorrelationId, t.TimeoutSeconds, t.Dispatch, ClawJson.Raw(t.MetadataJson), RetryBackoffBody.From(t.RetryBackoff), t.CrashRequeues,
        t.StartedAt, t.ApprovalExpiresAt, t.AssignedAt, t.ErrorCode, t.CallbackUrl, t.NonRetriableCodes ?? [],
        t.ExpiresAt, t.ConcurrencyKey, t.ConcurrencyLimit);
}

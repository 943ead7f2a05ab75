using System.Collections.Immutable;

namespace Claw.Abstractions.Tasks;

/// <summary>A task as clients see it (API.md "Task").</summary>
[GenerateSerializer, Immutable, Alias("claw.task-view")]
public sealed record TaskView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Queue,
    [property: Id(2)] string? Type,
    [property: Id(3)] string? PayloadJson,
    [property: Id(4)] TaskPriority Priority,
    [property: Id(5)] ClawTaskStatus Status,
    [property: Id(6)] int Attempt,
    [property: Id(7)] int MaxRetries,
    [property: Id(8)] TaskRequirements Requirements,
    [property: Id(9)] string? NodeId,
    [property: Id(10)] string? LeaseId,
    [property: Id(11)] TaskProgress? Progress,
    [property: Id(12)] string? ResultJson,
    [property: Id(13)] string? Error,
    [property: Id(14)] DateTimeOffset AvailableAt,
    [property: Id(15)] DateTimeOffset CreatedAt,
    [property: Id(16)] DateTimeOffset UpdatedAt,
    [property: Id(17)] DateTimeOffset? CompletedAt,
    [property: Id(18)] string? WorkflowId,
    [property: Id(19)] string? SwarmId,
    [property: Id(20)] string CorrelationId,
    [property: Id(21)] int TimeoutSeconds,
    [property: Id(22)] DispatchMode Dispatch,
    [property: Id(23)] string? MetadataJson,
    [property: Id(24)] RetryBackoff RetryBackoff,
    [property: Id(25)] int CrashRequeues,
    [property: Id(26)] DateTimeOffset? StartedAt,
    [property: Id(27)] DateTimeOffset? ApprovalExpiresAt,
    [property: Id(28)] DateTimeOffset? AssignedAt = null,
    [property: Id(29)] string? ErrorCode = null,
    [property: Id(30)] string? CallbackUrl = null,
    [property: Id(31)] ImmutableArray<string>? NonRetriableCodes = null,
    [property: Id(32)] DateTimeOffset? ExpiresAt = null,
    [property: Id(33)] string? ConcurrencyKey = null,
    [property: Id(34)] int? ConcurrencyLimit = null);

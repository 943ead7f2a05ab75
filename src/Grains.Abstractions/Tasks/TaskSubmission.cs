using System.Collections.Immutable;

namespace Claw.Abstractions.Tasks;

/// <summary>A validated <c>POST /tasks</c>; JSON fields travel as raw JSON text.</summary>
[GenerateSerializer, Immutable, Alias("claw.task-submission")]
public sealed record TaskSubmission(
    [property: Id(0)] string Queue,
    [property: Id(1)] string? Type,
    [property: Id(2)] string? PayloadJson,
    [property: Id(3)] TaskPriority Priority,
    [property: Id(4)] TaskRequirements Requirements,
    [property: Id(5)] int TimeoutSeconds,
    [property: Id(6)] int MaxRetries,
    [property: Id(7)] RetryBackoff RetryBackoff,
    [property: Id(8)] DateTimeOffset? RunAt,
    [property: Id(9)] bool RequiresApproval,
    [property: Id(10)] string? WorkflowId,
    [property: Id(11)] string? SwarmId,
    [property: Id(12)] DispatchMode Dispatch,
    [property: Id(13)] string? MetadataJson,
    [property: Id(14)] string CorrelationId,
    [property: Id(15)] string? IdempotencyFingerprint,
    [property: Id(16)] int? ApprovalTimeoutSeconds = null,
    [property: Id(17)] bool Waiting = false,
    [property: Id(18)] TaskCallback? Callback = null,
    [property: Id(19)] ImmutableArray<string>? NonRetriableCodes = null,
    [property: Id(20)] int? TtlSeconds = null,
    [property: Id(21)] string? ConcurrencyKey = null,
    [property: Id(22)] int? ConcurrencyLimit = null,
    [property: Id(23)] int? QueueMaxConcurrent = null);

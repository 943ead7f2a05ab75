using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Claw.Abstractions.Tasks;
using Claw.Gateway.Http;
using Claw.Gateway.Nodes;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Tasks;

/// <summary>
/// Body of <c>POST /tasks</c> (API.md "Submit body"), and each item of <c>POST /tasks/batch</c>. Its own
/// <c>idempotency_key</c> stands for the <c>Idempotency-Key</c> header (which wins on a single submit); it is not part
/// of the fingerprint, so the same body under the same key replays whichever way the key came.
/// </summary>
public sealed record SubmitTaskRequest(
    string? Queue,
    string? Type,
    JsonElement? Payload,
    TaskPriority? Priority,
    List<string>? RequiredCapabilities,
    ResourcesBody? Resources,
    List<string>? Models,
    Dictionary<string, string>? Labels,
    int? TimeoutSeconds,
    int? MaxRetries,
    RetryBackoffBody? RetryBackoff,
    DateTimeOffset? RunAt,
    bool? RequiresApproval,
    string? WorkflowId,
    string? SwarmId,
    DispatchMode? Dispatch,
    JsonElement? Metadata,
    int? ApprovalTimeoutSeconds = null,
    string? CallbackUrl = null,
    string? CallbackSecret = null,
    List<string>? NonRetriableCodes = null,
    int? TtlSeconds = null,
    string? ConcurrencyKey = null,
    int? ConcurrencyLimit = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? IdempotencyKey = null) : IValidatable
{
    public const int MaxRetriesLimit = 100;
    public const int MaxTtlSeconds = 30 * 24 * 3600;
    public const int MaxConcurrencyLimit = 100_000;
    public const int MaxApprovalTimeoutSeconds = 30 * 24 * 3600;

    public void Validate(ValidationErrors errors)
    {
        errors.Require(Queue is null || Queues.IsValid(Queue), "queue", Queues.Rule)
            .Require(Type is null || Type.Length is > 0 and <= 200, "type", "1–200 characters.")
            .Json("payload", Payload)
            .Json("metadata", Metadata)
            .Require(TimeoutSeconds is null or (>= 1 and <= 3600), "timeout_seconds", "Between 1 and 3600.")
            .Require(MaxRetries is null or (>= 0 and <= MaxRetriesLimit), "max_retries", $"Between 0 and {MaxRetriesLimit}.")
            .Require(WorkflowId is null || Ids.IsValid(WorkflowId), "workflow_id", Ids.Rule)
            .Require(SwarmId is null || Ids.IsValid(SwarmId), "swarm_id", Ids.Rule)
            .Require(ApprovalTimeoutSeconds is null or (>= 1 and <= MaxApprovalTimeoutSeconds), "approval_timeout_seconds", $"Between 1 and {MaxApprovalTimeoutSeconds}.")
            .Require(ApprovalTimeoutSeconds is null || RequiresApproval == true, "approval_timeout_seconds", "Only with requires_approval: true.");
        Strings.Check(errors, "required_capabilities", RequiredCapabilities);
        Strings.Check(errors, "models", Models);
        Strings.CheckLabels(errors, "labels", Labels);
        Resources?.Validate(errors, "resources");
        RetryBackoff?.Validate(errors, "retry_backoff");
        CallbackUrls.Check(errors, CallbackUrl, CallbackSecret);
        FailureCodes.Check(errors, "non_retriable_codes", NonRetriableCodes);
        errors.Require(TtlSeconds is null or (>= 1 and <= MaxTtlSeconds), "ttl_seconds", $"Between 1 and {MaxTtlSeconds}.")
            .Require(ConcurrencyKey is null || Ids.IsValid(ConcurrencyKey), "concurrency_key", Ids.Rule)
            .Require(ConcurrencyLimit is null or (>= 1 and <= MaxConcurrencyLimit), "concurrency_limit", $"Between 1 and {MaxConcurrencyLimit}.")
            .Require((ConcurrencyKey is null) == (ConcurrencyLimit is null), ConcurrencyKey is null ? "concurrency_key" : "concurrency_limit", "concurrency_key and concurrency_limit come together.")
            .Require(IdempotencyKey is null || Idempotency.IsUsable(IdempotencyKey), "idempotency_key", Idempotency.Rule);
    }

    public TaskSubmission ToSubmission(string correlationId, string? fingerprint) => new(
        Queue ?? TaskDefaults.Queue,
        Type,
        Payload is { ValueKind: JsonValueKind.Object } payload ? payload.GetRawText() : null,
        Priority ?? TaskDefaults.Priority,
        new TaskRequirements(
            Capabilities(),
            Resources?.ToResources() ?? Abstractions.Nodes.NodeResources.None,
            Models?.Distinct(StringComparer.Ordinal).ToImmutableArray() ?? [],
            Labels?.ToImmutableDictionary() ?? ImmutableDictionary<string, string>.Empty),
        TimeoutSeconds ?? TaskDefaults.TimeoutSeconds,
        MaxRetries ?? TaskDefaults.MaxRetries,
        RetryBackoff?.ToBackoff() ?? Abstractions.Tasks.RetryBackoff.Default,
        RunAt,
        RequiresApproval ?? false,
        WorkflowId,
        SwarmId,
        Dispatch ?? TaskDefaults.Dispatch,
        Metadata is { ValueKind: JsonValueKind.Object } metadata ? metadata.GetRawText() : null,
        correlationId,
        fingerprint,
        ApprovalTimeoutSeconds,
        Callback: CallbackUrl is null ? null : new TaskCallback(CallbackUrl, CallbackSecret),
        NonRetriableCodes: NonRetriableCodes?.ToImmutableArray(),
        TtlSeconds: TtlSeconds,
        ConcurrencyKey: ConcurrencyKey,
        ConcurrencyLimit: ConcurrencyLimit);

    /// <summary>An <c>openclaw.agent</c> task runs only on a gateway: it requires that capability even when not asked to.</summary>
    private ImmutableArray<string> Capabilities() =>
        [.. (RequiredCapabilities ?? []).Concat(Type == Abstractions.OpenClaw.OpenClawNames.AgentTaskType ? [Abstractions.OpenClaw.OpenClawNames.AgentCapability] : []).Distinct(StringComparer.Ordinal)];
}

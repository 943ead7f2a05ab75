using System.Collections.Immutable;
using System.Text.Json;
using Claw.Abstractions.Tasks;
using Claw.Gateway.Nodes;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Tasks;

/// <summary>Body of <c>POST /tasks</c> (API.md "Submit body").</summary>
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
    int? ApprovalTimeoutSeconds = null) : IValidatable
{
    public const string DefaultQueue = "default";
    public const int MaxRetriesLimit = 100;
    public const int MaxApprovalTimeoutSeconds = 30 * 24 * 3600;

    public void Validate(ValidationErrors errors)
    {
        errors.Require(Queue is null || Queues.IsValid(Queue), "queue", Queues.Rule)
            .Require(Type is null || Type.Length is > 0 and <= 200, "type", "1–200 characters.")
            .Require(Payload is null || Payload.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Null, "payload", "Must be a JSON object.")
            .Require(Metadata is null || Metadata.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Null, "metadata", "Must be a JSON object.")
            .Require(TimeoutSeconds is null or (>= 1 and <= 3600), "timeout_seconds", "Between 1 and 3600.")
            .Require(MaxRetries is null or (>= 0 and <= MaxRetriesLimit), "max_retries", $"Between 0 and {MaxRetriesLimit}.")
            .Require(WorkflowId is null || Ids.IsValid(WorkflowId), "workflow_id", Ids.Rule)
            .Require(SwarmId is null || Ids.IsValid(SwarmId), "swarm_id", Ids.Rule)
            .Require(ApprovalTimeoutSeconds is null or (>= 1 and <= MaxApprovalTimeoutSeconds), "approval_timeout_seconds", $"Between 1 and {MaxApprovalTimeoutSeconds}.")
            .Require(ApprovalTimeoutSeconds is null || RequiresApproval == true, "approval_timeout_seconds", "Only with requires_approval: true.");
        Strings.Check(errors, "required_capabilities", RequiredCapabilities);
        Strings.Check(errors, "models", Models);
        Strings.Check(errors, "labels", Labels?.Keys);
        Resources?.Validate(errors, "resources");
        RetryBackoff?.Validate(errors, "retry_backoff");
    }

    public TaskSubmission ToSubmission(string correlationId, string? fingerprint) => new(
        Queue ?? DefaultQueue,
        Type,
        Payload is { ValueKind: JsonValueKind.Object } payload ? payload.GetRawText() : null,
        Priority ?? TaskPriority.Normal,
        new TaskRequirements(
            Capabilities(),
            Resources?.ToResources() ?? Abstractions.Nodes.NodeResources.None,
            Models?.Distinct(StringComparer.Ordinal).ToImmutableArray() ?? [],
            Labels?.ToImmutableDictionary() ?? ImmutableDictionary<string, string>.Empty),
        TimeoutSeconds ?? 300,
        MaxRetries ?? 3,
        RetryBackoff?.ToBackoff() ?? Abstractions.Tasks.RetryBackoff.Default,
        RunAt,
        RequiresApproval ?? false,
        WorkflowId,
        SwarmId,
        Dispatch ?? DispatchMode.Auto,
        Metadata is { ValueKind: JsonValueKind.Object } metadata ? metadata.GetRawText() : null,
        correlationId,
        fingerprint,
        ApprovalTimeoutSeconds);

    /// <summary>An <c>openclaw.agent</c> task runs only on a gateway: it requires that capability even when not asked to.</summary>
    private ImmutableArray<string> Capabilities() =>
        [.. (RequiredCapabilities ?? []).Concat(Type == Abstractions.OpenClaw.OpenClawNames.AgentTaskType ? [Abstractions.OpenClaw.OpenClawNames.AgentCapability] : []).Distinct(StringComparer.Ordinal)];
}

/// <summary>Retry backoff on the wire; defaults 30 s × 2.0, at most 3600 s.</summary>
public sealed record RetryBackoffBody(double? InitialSeconds, double? Multiplier, double? MaxSeconds)
{
    public void Validate(ValidationErrors errors, string field) => errors
        .Require(InitialSeconds is null or (>= 0 and <= 86_400), $"{field}.initial_seconds", "Between 0 and 86400.")
        .Require(Multiplier is null or (>= 1 and <= 100), $"{field}.multiplier", "Between 1 and 100.")
        .Require(MaxSeconds is null or (>= 0 and <= 86_400), $"{field}.max_seconds", "Between 0 and 86400.");

    public RetryBackoff ToBackoff() => new(InitialSeconds ?? 30, Multiplier ?? 2.0, MaxSeconds ?? 3600);

    public static RetryBackoffBody From(RetryBackoff b) => new(b.InitialSeconds, b.Multiplier, b.MaxSeconds);
}

using System.Collections.Immutable;
using Claw.Abstractions.Identity;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Identity;

/// <summary>Body of <c>POST /auth/capability-tokens</c> (API.md "Security").</summary>
public sealed record IssueCapabilityTokenRequest(
    string? NodeId, List<string>? Capabilities, CapabilityLimitsBody? Limits, List<string>? DataScope, int? TtlSeconds) : IValidatable
{
    public const int MaxTtlSeconds = 366 * 24 * 3600;

    public void Validate(ValidationErrors errors)
    {
        errors.Require(Ids.IsValid(NodeId), "node_id", "Required. " + Ids.Rule)
            .Require(Capabilities is not null, "capabilities", "Required: the capabilities this node may be given tasks for (may be empty).")
            .Require(TtlSeconds is >= 60 and <= MaxTtlSeconds, "ttl_seconds", $"Required: 60–{MaxTtlSeconds} seconds.")
            .Require(Limits?.MaxConcurrentTasks is null or (>= 1 and <= 1024), "limits.max_concurrent_tasks", "Between 1 and 1024.")
            .Require(Limits?.MaxGpuMinutes is null or >= 0, "limits.max_gpu_minutes", "Zero or more.");
        Strings.Check(errors, "capabilities", Capabilities);
        Strings.Check(errors, "data_scope", DataScope);
    }

    public CapabilityTokenSpec ToSpec() => new(
        NodeId!, [.. Capabilities!.Distinct(StringComparer.Ordinal)], DataScope?.Distinct(StringComparer.Ordinal).ToImmutableArray() ?? [],
        Limits?.MaxConcurrentTasks, Limits?.MaxGpuMinutes, TimeSpan.FromSeconds(TtlSeconds!.Value));
}

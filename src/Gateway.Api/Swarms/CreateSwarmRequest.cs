using System.Collections.Immutable;
using System.Text.Json;
using Claw.Abstractions.Swarms;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Swarms;

/// <summary>Body of <c>POST /swarms</c>; <c>node_ids</c> become members while the swarm provisions.</summary>
public sealed record CreateSwarmRequest(
    string? Name,
    string? Persona,
    string? Model,
    int? MaxConcurrentTasks,
    int? HeartbeatIntervalSeconds,
    JsonElement? Metadata,
    List<string>? NodeIds,
    HealthThresholdsBody? HealthThresholds) : IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        errors.Require(!string.IsNullOrWhiteSpace(Name) && Name.Length <= 200, "name", "Required, at most 200 characters.")
            .Require(Persona is null || Persona.Length <= 10_000, "persona", "At most 10000 characters.")
            .Require(Model is null || Model.Length <= 200, "model", "At most 200 characters.")
            .Require(MaxConcurrentTasks is null or (>= 1 and <= 100_000), "max_concurrent_tasks", "Between 1 and 100000.")
            .Require(HeartbeatIntervalSeconds is null or (>= 1 and <= 3600), "heartbeat_interval_seconds", "Between 1 and 3600.")
            .Json("metadata", Metadata)
            .Require(NodeIds is null || NodeIds.Count <= 1000, "node_ids", "At most 1000 nodes.")
            .Require(NodeIds is null || NodeIds.All(Ids.IsValid), "node_ids", Ids.Rule);
        HealthThresholds?.Validate(errors.Under("health_thresholds."));
    }

    public SwarmSpec ToSpec(string? fingerprint) => new(
        Name!,
        Persona,
        Model,
        MaxConcurrentTasks,
        HeartbeatIntervalSeconds ?? 30,
        NodeIds?.Distinct(StringComparer.Ordinal).ToImmutableArray() ?? [],
        HealthThresholds?.ToThresholds() ?? Abstractions.Swarms.HealthThresholds.Default,
        Metadata is { ValueKind: JsonValueKind.Object } metadata ? metadata.GetRawText() : null,
        fingerprint);
}

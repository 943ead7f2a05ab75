using System.Collections.Immutable;
using System.Text.Json;
using Claw.Abstractions.Swarms;
using Claw.Gateway.Http;

namespace Claw.Gateway.Swarms;

/// <summary>A swarm on the wire.</summary>
public sealed record SwarmResponse(
    string Id,
    string Name,
    string? Persona,
    string? Model,
    string Status,
    int? MaxConcurrentTasks,
    int HeartbeatIntervalSeconds,
    ImmutableArray<string> NodeIds,
    int ActiveTasks,
    HealthThresholdsBody HealthThresholds,
    JsonElement? Metadata,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static SwarmResponse From(SwarmView s) => new(
        s.Id, s.Name, s.Persona, s.Model, s.Status.Wire(), s.MaxConcurrentTasks, s.HeartbeatIntervalSeconds, s.NodeIds,
        s.ActiveTasks, HealthThresholdsBody.From(s.Thresholds), ClawJson.Raw(s.MetadataJson), s.Error, s.CreatedAt, s.UpdatedAt);
}

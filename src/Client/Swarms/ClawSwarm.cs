using System.Text.Json;

namespace Claw.Client.Swarms;

/// <summary>A swarm; statuses <c>provisioning</c>, <c>running</c>, <c>paused</c>, <c>stopped</c>, <c>failed</c>.</summary>
public sealed record ClawSwarm(
    string Id,
    string Name,
    string? Persona,
    string? Model,
    string Status,
    int? MaxConcurrentTasks,
    int HeartbeatIntervalSeconds,
    IReadOnlyList<string> NodeIds,
    int ActiveTasks,
    HealthThresholds? HealthThresholds,
    JsonElement? Metadata,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

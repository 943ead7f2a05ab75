using System.Text.Json;

namespace Claw.Client.Swarms;

/// <summary>The body of <c>POST /swarms</c>.</summary>
public sealed record CreateSwarmRequest
{
    public required string Name { get; init; }
    public string? Persona { get; init; }
    public string? Model { get; init; }
    public int? MaxConcurrentTasks { get; init; }
    public int? HeartbeatIntervalSeconds { get; init; }
    public JsonElement? Metadata { get; init; }
    public IReadOnlyList<string>? NodeIds { get; init; }
    public HealthThresholds? HealthThresholds { get; init; }
}

using System.Collections.Immutable;
using Claw.Abstractions.OpenClaw;

namespace Claw.Gateway.OpenClaw;

/// <summary>A gateway on the wire (API.md); the token is write-only and never here.</summary>
public sealed record GatewayResponse(
    string Id,
    string Name,
    string Url,
    string NodeId,
    GatewayStatus Status,
    string? ServerVersion,
    int ActiveSessions,
    int MaxConcurrentSessions,
    string? LastError,
    DateTimeOffset? ConnectedAt,
    string AgentId,
    string? InstanceId,
    long Reconnects,
    ImmutableArray<string> Capabilities,
    ImmutableDictionary<string, string> Labels,
    string? SwarmId,
    ImmutableArray<string> Queues,
    long TurnsCompleted,
    long TurnsFailed,
    ImmutableArray<GatewayErrorResponse> RecentErrors,
    DateTimeOffset CreatedAt)
{
    public static GatewayResponse From(GatewayView g) => new(
        g.Id, g.Name, g.Url, g.NodeId, g.Status, g.ServerVersion, g.ActiveSessions, g.MaxConcurrentSessions, g.LastError, g.ConnectedAt,
        g.AgentId, g.InstanceId, g.Reconnects, g.Capabilities, g.Labels, g.SwarmId, g.Queues, g.TurnsCompleted, g.TurnsFailed,
        [.. g.RecentErrors.Select(e => new GatewayErrorResponse(e.At, e.Code, e.Message))], g.CreatedAt);
}

public sealed record GatewayErrorResponse(DateTimeOffset At, string Code, string Message);

/// <summary>The answer of <c>POST /openclaw/gateways/{id}/probe</c>.</summary>
public sealed record ProbeResponse(bool Ok, double RoundTripMs, string? ServerVersion, System.Text.Json.JsonElement? Health, string? Error)
{
    public static ProbeResponse From(GatewayProbeResult p) => new(p.Ok, p.RoundTripMs, p.ServerVersion, Http.ClawJson.Raw(p.HealthJson), p.Error);
}

using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.OpenClaw;
using Claw.Grains.OpenClaw.Protocol;

namespace Claw.Grains.OpenClaw;

/// <summary>What a gateway's record shows outside: its view, the node it registers, and what its connection needs.</summary>
public static class GatewayMapping
{
    public static ConnectionSettings ToSettings(this GatewayState gateway, string gatewayId) => new(
        new GatewayEndpoint(new Uri(gateway.Url), gateway.Token),
        gatewayId,
        gateway.AgentId,
        gateway.MaxConcurrentSessions,
        [.. gateway.Queues]);

    /// <summary>A gateway is a node under its own id; its metadata says where it is (never its token).</summary>
    public static NodeRegistration ToNodeRegistration(this GatewayState gateway, string gatewayId) => new(
        gateway.Name!,
        gateway.AllCapabilities,
        NodeResources.None,
        [],
        gateway.Labels.ToImmutableDictionary(),
        PublicKey: null,
        gateway.MaxConcurrentSessions,
        gateway.SwarmId,
        new JsonObject { ["gateway_id"] = gatewayId, ["url"] = gateway.Url, ["agent_id"] = gateway.AgentId, ["instance_id"] = gateway.InstanceId }.ToJsonString(),
        Kind: OpenClawNames.NodeKind);

    /// <summary>The view at <paramref name="status"/>: the live figures only while the connection serves, the totals always.</summary>
    public static GatewayView ToView(this GatewayState gateway, string gatewayId, GatewayStatus status, GatewayHealth health)
    {
        var report = health.Report;
        var live = GatewayHealth.IsLive(status) ? report : null;
        return new GatewayView(
            gatewayId,
            gateway.Name!,
            gateway.Url,
            gatewayId,
            status,
            report?.ServerVersion,
            live?.ActiveSessions ?? 0,
            gateway.MaxConcurrentSessions,
            health.LastError(gateway),
            live?.ConnectedAt,
            gateway.AgentId,
            gateway.InstanceId,
            report?.Reconnects ?? 0,
            gateway.AllCapabilities,
            gateway.Labels.ToImmutableDictionary(),
            gateway.SwarmId,
            gateway.CreatedAt,
            [.. health.Errors],
            report?.TurnsCompleted ?? 0,
            report?.TurnsFailed ?? 0,
            [.. gateway.Queues]);
    }
}

using System.Collections.Immutable;
using System.Text.Json;
using Claw.Abstractions.Nodes;
using Claw.Gateway.Http;

namespace Claw.Gateway.Nodes;

/// <summary>A node on the wire (API.md "Node").</summary>
public sealed record NodeResponse(
    string Id,
    string Name,
    ImmutableArray<string> Capabilities,
    ResourcesBody Resources,
    ImmutableArray<string> Models,
    ImmutableDictionary<string, string> Labels,
    NodeStatus Status,
    JsonElement? Metadata,
    int MaxConcurrentTasks,
    int ActiveLeases,
    DateTimeOffset? LastHeartbeatAt,
    DateTimeOffset CreatedAt,
    string? PublicKey,
    string? SwarmId,
    long CompletedCount,
    long FailedCount,
    string Kind)
{
    /// <summary>What a node registered through <c>POST /nodes</c> is; gateways are <c>openclaw</c>.</summary>
    public const string DefaultKind = "agent";

    public static NodeResponse From(NodeView node) => new(
        node.Id,
        node.Name,
        node.Capabilities,
        ResourcesBody.From(node.Resources),
        node.Models,
        node.Labels,
        node.Status,
        ClawJson.Raw(node.MetadataJson),
        node.MaxConcurrentTasks,
        node.ActiveLeases,
        node.LastHeartbeatAt,
        node.CreatedAt,
        node.PublicKey,
        node.SwarmId,
        node.CompletedCount,
        node.FailedCount,
        node.Kind ?? DefaultKind);
}

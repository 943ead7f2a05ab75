using System.Collections.Immutable;
using System.Text.Json;
using Claw.Abstractions.Nodes;
using Claw.Gateway.Http;

namespace Claw.Gateway.Nodes;

/// <summary>
/// A node on the wire (API.md "Node"): ClawBot's bot fields (<c>last_seen</c>, <c>updated_at</c>, <c>metadata</c> as an
/// object, <c>{}</c> when none) beside Claw's.
/// </summary>
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
    DateTimeOffset? LastSeen,
    DateTimeOffset UpdatedAt,
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
        ClawJson.Raw(node.MetadataJson) ?? ClawJson.EmptyObject,
        node.MaxConcurrentTasks,
        node.ActiveLeases,
        node.LastHeartbeatAt,
        node.CreatedAt,
        node.PublicKey,
        node.SwarmId,
        node.CompletedCount,
        node.FailedCount,
        node.LastHeartbeatAt,
        node.UpdatedAt == default ? node.CreatedAt : node.UpdatedAt,
        node.Kind ?? DefaultKind);
}

using System.Text.Json;
using Claw.Client.Tasks;

namespace Claw.Client.Nodes;

/// <summary>A node (a ClawBot "bot"): statuses <c>offline</c>, <c>online</c>, <c>busy</c>, <c>draining</c>.</summary>
public sealed record ClawNode(
    string Id,
    string Name,
    IReadOnlyList<string> Capabilities,
    Resources? Resources,
    IReadOnlyList<string>? Models,
    IReadOnlyDictionary<string, string>? Labels,
    string Status,
    JsonElement? Metadata,
    int MaxConcurrentTasks,
    int ActiveLeases,
    DateTimeOffset? LastHeartbeatAt,
    DateTimeOffset? LastSeen,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? PublicKey,
    string? SwarmId,
    long CompletedCount,
    long FailedCount);

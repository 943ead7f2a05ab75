using System.Collections.Immutable;
using Claw.Abstractions.Nodes;

namespace Claw.Grains.Nodes;

/// <summary>State ↔ wire conversions shared by the node grain and the catalog's list queries.</summary>
internal static class NodeMapping
{
    public static NodeView ToView(this NodeState state, string id, DateTimeOffset? lastHeartbeatAt = null, int activeLeases = 0) => new(
        id,
        state.Name,
        [.. state.Capabilities],
        state.Resources,
        [.. state.Models],
        state.Labels.ToImmutableDictionary(),
        state.Status,
        state.MetadataJson,
        state.MaxConcurrentTasks,
        activeLeases,
        lastHeartbeatAt ?? state.LastHeartbeatAt,
        state.CreatedAt,
        state.PublicKey,
        state.SwarmId,
        state.CompletedCount,
        state.FailedCount,
        state.UpdatedAt,
        state.Kind);

    /// <summary>What dispatch matches a task against; at <paramref name="now"/>, an expired capability grant offers nothing.</summary>
    public static NodeProfile ToProfile(this NodeState state, string id, DateTimeOffset now) =>
        new(id, [.. state.Capabilities], state.Resources, [.. state.Models], state.Labels.ToImmutableDictionary(), state.SwarmId, Identity.CapabilityRule.AsOf(state.Grant, now))
        {
            HasKey = state.PublicKey is not null,
        };

    public static void Apply(this NodeState state, NodeRegistration registration)
    {
        // first: a refused key change leaves the state untouched
        state.PublicKey = Identity.NodeKeyRule.OnRegister(state.PublicKey, registration.PublicKey);
        state.Name = registration.Name;
        state.Capabilities = [.. registration.Capabilities.Distinct(StringComparer.Ordinal)];
        state.Resources = registration.Resources;
        state.Models = [.. registration.Models.Distinct(StringComparer.Ordinal)];
        state.Labels = new Dictionary<string, string>(registration.Labels, StringComparer.Ordinal);
        state.MaxConcurrentTasks = registration.MaxConcurrentTasks;
        state.SwarmId = registration.SwarmId;
        state.MetadataJson = registration.MetadataJson;
        state.IdempotencyKey = registration.IdempotencyKey;
        state.IdempotencyFingerprint = registration.IdempotencyFingerprint;
        state.Kind = registration.Kind;
    }
}

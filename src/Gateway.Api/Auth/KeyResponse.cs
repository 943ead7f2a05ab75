using System.Collections.Immutable;
using Claw.Abstractions.Auth;

namespace Claw.Gateway.Auth;

/// <summary>An API key on the wire; <see cref="Key"/> (the full <c>claw_{id}_{secret}</c>) only in the answer that created it.</summary>
public sealed record KeyResponse(
    string Id,
    string Name,
    ClawRole Role,
    ImmutableArray<string> SwarmIds,
    ImmutableArray<string> Queues,
    string? NodeId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    string CreatedBy,
    string? Key)
{
    public static KeyResponse From(ApiKeyView k, string? key = null) =>
        new(k.Id, k.Name, k.Role, k.SwarmIds, k.Queues, k.NodeId, k.CreatedAt, k.ExpiresAt, k.RevokedAt, k.CreatedBy, key);
}

using System.Collections.Immutable;

namespace Claw.Abstractions.Auth;

/// <summary>A stored API key as it is listed: everything but its secret, which is kept only as a hash.</summary>
[GenerateSerializer, Immutable, Alias("claw.api-key")]
public sealed record ApiKeyView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] ClawRole Role,
    [property: Id(3)] ImmutableArray<string> SwarmIds,
    [property: Id(4)] ImmutableArray<string> Queues,
    [property: Id(5)] string? NodeId,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset? ExpiresAt,
    [property: Id(8)] DateTimeOffset? RevokedAt,
    [property: Id(9)] string CreatedBy)
{
    /// <summary>True while the key authenticates: not revoked, not expired at <paramref name="now"/>.</summary>
    public bool IsLive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is not { } expires || expires > now);

    /// <summary>Who a request presenting this key acts as.</summary>
    public Principal ToPrincipal() => new("key:" + Id, Role, SwarmIds, Queues, NodeId, "api_key");
}

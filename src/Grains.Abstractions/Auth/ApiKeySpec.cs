using System.Collections.Immutable;

namespace Claw.Abstractions.Auth;

/// <summary>What a new API key may do (<c>POST /auth/keys</c>, <c>keys create</c>, a node key at registration).</summary>
[GenerateSerializer, Immutable, Alias("claw.api-key-spec")]
public sealed record ApiKeySpec(
    [property: Id(0)] string Name,
    [property: Id(1)] ClawRole Role,
    [property: Id(2)] ImmutableArray<string> SwarmIds,
    [property: Id(3)] ImmutableArray<string> Queues,
    [property: Id(4)] string? NodeId,
    [property: Id(5)] DateTimeOffset? ExpiresAt);

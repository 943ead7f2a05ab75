using System.Collections.Immutable;

namespace Claw.Abstractions.Nodes;

/// <summary>
/// What an agent declares when it registers; re-registering with the same id updates it in place. With an idempotency
/// key, a repeat of the same key and body is a replay and the same key with another body is refused.
/// </summary>
[GenerateSerializer, Immutable, Alias("claw.node-registration")]
public sealed record NodeRegistration(
    [property: Id(0)] string Name,
    [property: Id(1)] ImmutableArray<string> Capabilities,
    [property: Id(2)] NodeResources Resources,
    [property: Id(3)] ImmutableArray<string> Models,
    [property: Id(4)] ImmutableDictionary<string, string> Labels,
    [property: Id(5)] string? PublicKey,
    [property: Id(6)] int MaxConcurrentTasks,
    [property: Id(7)] string? SwarmId,
    [property: Id(8)] string? MetadataJson,
    [property: Id(9)] string? IdempotencyKey = null,
    [property: Id(10)] string? IdempotencyFingerprint = null,
    [property: Id(11)] string? Kind = null);

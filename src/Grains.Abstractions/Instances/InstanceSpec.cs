using System.Collections.Immutable;

namespace Claw.Abstractions.Instances;

/// <summary>A validated <c>POST /instances</c>.</summary>
[GenerateSerializer, Immutable, Alias("claw.instance-spec")]
public sealed record InstanceSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] ModelProvider? ModelProvider,
    [property: Id(2)] int MaxConcurrentSessions,
    [property: Id(3)] ImmutableDictionary<string, string> Labels,
    [property: Id(4)] string? SwarmId,
    [property: Id(5)] string? IdempotencyFingerprint = null);

/// <summary>The OpenAI-compatible model server an instance's agents call; the api key is a secret, never shown again.</summary>
[GenerateSerializer, Immutable, Alias("claw.instance-model-provider")]
public sealed record ModelProvider(
    [property: Id(0)] string BaseUrl,
    [property: Id(1)] string Api,
    [property: Id(2)] string Model,
    [property: Id(3)] string? ApiKey);

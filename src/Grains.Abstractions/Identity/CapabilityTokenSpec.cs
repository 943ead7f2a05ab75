using System.Collections.Immutable;

namespace Claw.Abstractions.Identity;

/// <summary>What <c>POST /auth/capability-tokens</c> asks for: a node, its capabilities and projects, its limits, a lifetime.</summary>
[GenerateSerializer, Immutable, Alias("claw.capability-token-spec")]
public sealed record CapabilityTokenSpec(
    [property: Id(0)] string NodeId,
    [property: Id(1)] ImmutableArray<string> Capabilities,
    [property: Id(2)] ImmutableArray<string> DataScope,
    [property: Id(3)] int? MaxConcurrentTasks,
    [property: Id(4)] int? MaxGpuMinutes,
    [property: Id(5)] TimeSpan Ttl);

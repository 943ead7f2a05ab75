using System.Collections.Immutable;

namespace Claw.Abstractions.Identity;

/// <summary>
/// What a node's capability token lets dispatch offer it (API.md "Security"): the capabilities a task may require, the
/// projects (<c>labels.project</c>) it may touch, its limits, until when. A node holds the grant of the last token it
/// presented; a revoked or expired grant offers it nothing until it presents another.
/// </summary>
[GenerateSerializer, Immutable, Alias("claw.capability-grant")]
public sealed record CapabilityGrant(
    [property: Id(0)] string Jti,
    [property: Id(1)] string NodeId,
    [property: Id(2)] ImmutableArray<string> Capabilities,
    [property: Id(3)] ImmutableArray<string> DataScope,
    [property: Id(4)] int? MaxConcurrentTasks,
    [property: Id(5)] int? MaxGpuMinutes,
    [property: Id(6)] DateTimeOffset ExpiresAt,
    [property: Id(7)] bool Revoked,
    [property: Id(8)] string? ParentJti);

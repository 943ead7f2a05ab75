using Claw.Abstractions.Tasks;

namespace Claw.Abstractions.Leases;

/// <summary>A lease as clients see it (API.md "Leases").</summary>
[GenerateSerializer, Immutable, Alias("claw.lease-view")]
public sealed record LeaseView(
    [property: Id(0)] string Id,
    [property: Id(1)] string TaskId,
    [property: Id(2)] string NodeId,
    [property: Id(3)] string? Token,
    [property: Id(4)] int Attempt,
    [property: Id(5)] LeaseStatus Status,
    [property: Id(6)] DateTimeOffset IssuedAt,
    [property: Id(7)] DateTimeOffset ExpiresAt,
    [property: Id(8)] int Renewals,
    [property: Id(9)] long Fence);

using Claw.Abstractions.Nodes;

namespace Claw.Abstractions.Queries;

/// <summary>
/// Filters and paging of <c>GET /nodes</c>: a keyset <see cref="Cursor"/>, or (ClawBot paging) <see cref="Skip"/> rows
/// skipped before the first page.
/// </summary>
[GenerateSerializer, Immutable, Alias("claw.node-query")]
public sealed record NodeQuery(
    [property: Id(0)] NodeStatus? Status,
    [property: Id(1)] string? Capability,
    [property: Id(2)] string? SwarmId,
    [property: Id(3)] int Limit,
    [property: Id(4)] string? Cursor,
    [property: Id(5)] int Skip = 0);

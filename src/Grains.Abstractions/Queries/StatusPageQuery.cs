namespace Claw.Abstractions.Queries;

/// <summary>Filter and paging of the lists that only filter by status (<c>GET /workflows</c>, <c>GET /swarms</c>).</summary>
[GenerateSerializer, Immutable, Alias("claw.status-page-query")]
public sealed record StatusPageQuery(
    [property: Id(0)] string? Status,
    [property: Id(1)] int Limit,
    [property: Id(2)] string? Cursor,
    [property: Id(3)] int Skip = 0);

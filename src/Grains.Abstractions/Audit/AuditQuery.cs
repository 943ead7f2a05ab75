namespace Claw.Abstractions.Audit;

/// <summary><c>GET /audit</c>: filters (all optional), newest first, keyset-paged by record id.</summary>
[GenerateSerializer, Immutable, Alias("claw.audit-query")]
public sealed record AuditQuery(
    [property: Id(0)] AuditType? Type,
    [property: Id(1)] string? Principal,
    [property: Id(2)] string? NodeId,
    [property: Id(3)] DateTimeOffset? Since,
    [property: Id(4)] DateTimeOffset? Until,
    [property: Id(5)] int Limit,
    [property: Id(6)] string? Cursor);

namespace Claw.Abstractions.Audit;

/// <summary>
/// One audit record before it is stored (its id comes from the table). Texts never carry a secret: the writers pass
/// ids and reasons, and the store redacts what still looks like one.
/// </summary>
/// <param name="Principal">Who acted (<c>anonymous</c>, <c>key:{id}</c>, <c>jwt:{sub}</c>), or who it claimed to be.</param>
/// <param name="Action">What was asked, e.g. <c>POST /api/v1/tasks/{id}/complete</c> or <c>complete</c>.</param>
/// <param name="Resource">What it was asked of, e.g. <c>task:abc</c>, <c>api_key:0f3a…</c>.</param>
/// <param name="Result"><c>allowed</c>, <c>denied</c>, <c>succeeded</c>, <c>failed</c>.</param>
[GenerateSerializer, Immutable, Alias("claw.audit-entry")]
public sealed record AuditEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] AuditType Type,
    [property: Id(2)] string Principal,
    [property: Id(3)] string? NodeId,
    [property: Id(4)] string Action,
    [property: Id(5)] string Resource,
    [property: Id(6)] string Result,
    [property: Id(7)] string? Reason,
    [property: Id(8)] string? CorrelationId);

namespace Claw.Abstractions.Audit;

/// <summary>A stored audit record: its id (ascending with time) and the entry.</summary>
[GenerateSerializer, Immutable, Alias("claw.audit-record")]
public sealed record AuditRecord([property: Id(0)] long Id, [property: Id(1)] AuditEntry Entry);

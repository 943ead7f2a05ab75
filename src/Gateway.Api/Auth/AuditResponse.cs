using Claw.Abstractions.Audit;

namespace Claw.Gateway.Auth;

/// <summary>One audit record on the wire (API.md "Security").</summary>
public sealed record AuditResponse(long Id, DateTimeOffset At, string Type, string Principal, string? NodeId, string Action, string Resource, string Result, string? Reason, string? CorrelationId)
{
    public static AuditResponse From(AuditRecord r) => new(
        r.Id, r.Entry.At, r.Entry.Type.Wire(), r.Entry.Principal, r.Entry.NodeId, r.Entry.Action, r.Entry.Resource, r.Entry.Result, r.Entry.Reason, r.Entry.CorrelationId);
}

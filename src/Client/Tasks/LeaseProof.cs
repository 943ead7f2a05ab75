namespace Claw.Client.Tasks;

/// <summary>The holder's proof on a report (<c>start</c>, <c>progress</c>, <c>complete</c>, <c>fail</c>): its lease and token.</summary>
public sealed record LeaseProof(string LeaseId, string LeaseToken, string? NodeId = null);

namespace Claw.Client.Leases;

/// <summary>One node's time-bounded right to run one attempt; statuses <c>active</c>, <c>completed</c>, <c>failed</c>, <c>expired</c>, <c>revoked</c>, <c>released</c>.</summary>
public sealed record Lease(string Id, string TaskId, string NodeId, string? Token, int Attempt, string Status, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, int Renewals);

using Claw.Abstractions.Leases;
using Claw.Abstractions.Tasks;

namespace Claw.Gateway.Leases;

/// <summary>A lease on the wire (API.md "Leases"); <see cref="Token"/> is null for callers who do not hold it.</summary>
public sealed record LeaseResponse(string Id, string TaskId, string NodeId, string? Token, int Attempt, LeaseStatus Status, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, int Renewals)
{
    public static LeaseResponse From(LeaseView l, bool showToken = true) => new(l.Id, l.TaskId, l.NodeId, showToken ? l.Token : null, l.Attempt, l.Status, l.IssuedAt, l.ExpiresAt, l.Renewals);
}

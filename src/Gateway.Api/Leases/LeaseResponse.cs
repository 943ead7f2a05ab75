using Claw.Abstractions.Leases;
using Claw.Abstractions.Tasks;

namespace Claw.Gateway.Leases;

/// <summary>A lease on the wire (API.md "Leases").</summary>
public sealed record LeaseResponse(string Id, string TaskId, string NodeId, string Token, int Attempt, LeaseStatus Status, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, int Renewals)
{
    public static LeaseResponse From(LeaseView l) => new(l.Id, l.TaskId, l.NodeId, l.Token, l.Attempt, l.Status, l.IssuedAt, l.ExpiresAt, l.Renewals);
}

namespace Claw.Abstractions.Leases;

/// <summary>How a lease's final transition went: accepted, or refused because the lease was no longer live.</summary>
[GenerateSerializer]
public enum LeaseOutcome
{
    Accepted = 0,
    Expired = 1,
    NotActive = 2,
    WrongToken = 3,
}

namespace Claw.Abstractions.Tasks;

/// <summary>The end of a lease (API.md "Leases").</summary>
[GenerateSerializer]
public enum LeaseStatus
{
    Active = 0,
    Completed = 1,
    Failed = 2,
    Expired = 3,
    Revoked = 4,
    Released = 5,
}

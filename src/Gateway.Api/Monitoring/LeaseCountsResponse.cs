namespace Claw.Gateway.Monitoring;

/// <summary>Leases out, and those past their deadline (the sweep re-drives them).</summary>
public sealed record LeaseCountsResponse(int Active, int Overdue);

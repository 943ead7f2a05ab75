namespace Claw.Client.Monitoring;

/// <summary>Active leases, and those past their deadline.</summary>
public sealed record LeaseCounts(int Active, int Overdue);

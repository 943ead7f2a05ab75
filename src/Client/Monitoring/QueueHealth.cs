namespace Claw.Client.Monitoring;

/// <summary>One queue's depth: pending, due now, leased, and how long the oldest due task has waited.</summary>
public sealed record QueueHealth(string Queue, int Pending, int Due, int Leased, double OldestDueSeconds);

namespace Claw.Gateway.Monitoring;

/// <summary>A queue: tasks waiting, of them due now, leased, and the oldest due task's wait in seconds.</summary>
public sealed record QueueHealthResponse(string Queue, int Pending, int Due, int Leased, double OldestDueSeconds);

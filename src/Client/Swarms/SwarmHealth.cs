namespace Claw.Client.Swarms;

/// <summary><c>GET /swarms/{id}/health</c>: <c>healthy</c>, <c>degraded</c> or <c>unhealthy</c>, and why.</summary>
public sealed record SwarmHealth(
    string SwarmId, string Status, string SwarmStatus, int MembersTotal, IReadOnlyList<string> MembersOnline, IReadOnlyList<string> MembersOffline,
    int ActiveLeases, int QueueDepth, int RecentCompleted, int RecentFailures, double FailureRate, IReadOnlyList<string> RecentFailedTaskIds,
    IReadOnlyList<string> Reasons, HealthThresholds? Thresholds, DateTimeOffset CheckedAt);

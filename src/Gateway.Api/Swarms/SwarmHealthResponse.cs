using System.Collections.Immutable;
using Claw.Abstractions.Swarms;

namespace Claw.Gateway.Swarms;

/// <summary><c>GET /swarms/{id}/health</c>.</summary>
public sealed record SwarmHealthResponse(
    string SwarmId,
    string Status,
    string SwarmStatus,
    int MembersTotal,
    ImmutableArray<string> MembersOnline,
    ImmutableArray<string> MembersOffline,
    int ActiveLeases,
    int QueueDepth,
    int RecentCompleted,
    int RecentFailures,
    double FailureRate,
    ImmutableArray<string> RecentFailedTaskIds,
    ImmutableArray<string> Reasons,
    HealthThresholdsBody Thresholds,
    DateTimeOffset CheckedAt)
{
    public static SwarmHealthResponse From(SwarmHealth h) => new(
        h.SwarmId, h.Status.Wire(), h.SwarmStatus.Wire(), h.MembersOnline.Length + h.MembersOffline.Length,
        h.MembersOnline, h.MembersOffline, h.ActiveLeases, h.QueueDepth, h.RecentCompleted, h.RecentFailed, h.FailureRate, h.RecentFailedTaskIds,
        h.Reasons, HealthThresholdsBody.From(h.Thresholds), h.CheckedAt);
}

namespace Claw.Client.Monitoring;

/// <summary><c>GET /swarm/health</c>: health across swarms, nodes (by status), queues and leases.</summary>
public sealed record ClusterHealth(
    string Status, DateTimeOffset CheckedAt, IReadOnlyList<string> Reasons, SwarmCounts Swarms, IReadOnlyDictionary<string, int> Nodes,
    IReadOnlyList<QueueHealth> Queues, LeaseCounts Leases);

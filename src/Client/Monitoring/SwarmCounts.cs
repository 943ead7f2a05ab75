namespace Claw.Client.Monitoring;

/// <summary>Swarms by status and by health.</summary>
public sealed record SwarmCounts(int Total, IReadOnlyDictionary<string, int> ByStatus, int Judged, IReadOnlyDictionary<string, int> ByHealth, IReadOnlyList<string> Unhealthy);

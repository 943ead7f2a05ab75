using System.Collections.Immutable;

namespace Claw.Gateway.Monitoring;

/// <summary>Swarms by status, and the health verdicts of those judged (the active ones, up to 200).</summary>
public sealed record SwarmCountsResponse(int Total, ImmutableDictionary<string, int> ByStatus, int Judged, ImmutableDictionary<string, int> ByHealth, ImmutableArray<string> Unhealthy);

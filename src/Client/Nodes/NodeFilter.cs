namespace Claw.Client.Nodes;

/// <summary>The filters of <c>GET /nodes</c>.</summary>
public sealed record NodeFilter(string? Status = null, string? Capability = null, string? SwarmId = null);

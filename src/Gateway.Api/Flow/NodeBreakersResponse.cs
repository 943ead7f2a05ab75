namespace Claw.Gateway.Flow;

/// <summary><c>GET /nodes/{id}/breakers</c>: the node's breakers that are not closed or have failures in their window.</summary>
public sealed record NodeBreakersResponse(string NodeId, IReadOnlyList<BreakerResponse> Breakers);

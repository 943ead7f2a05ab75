namespace Claw.Gateway.Operations;

/// <summary>The answer of <c>GET /health</c>.</summary>
public sealed record HealthInfo(string Status, string Version);

namespace Claw.Client.Monitoring;

/// <summary><c>GET /health</c>.</summary>
public sealed record ServiceHealth(string Status, string Version);

namespace Claw.Abstractions.Swarms;

/// <summary>Health verdict of <c>GET /swarms/{id}/health</c>.</summary>
[GenerateSerializer]
public enum HealthStatus
{
    Healthy = 0,
    Degraded = 1,
    Unhealthy = 2,
}

namespace Claw.Abstractions.Monitoring;

/// <summary>A subsystem's verdict in the monitoring status.</summary>
[GenerateSerializer]
public enum SubsystemState
{
    Healthy,
    Degraded,
    Unhealthy,
    NotConfigured,
}

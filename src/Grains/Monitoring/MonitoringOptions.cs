namespace Claw.Grains.Monitoring;

/// <summary><c>Claw:Monitoring</c>: the window the monitoring status counts recent events over.</summary>
public sealed class MonitoringOptions
{
    /// <summary>Node crashes, leases issued, revoked and expired, and dispatch waits are counted over the last this many seconds.</summary>
    public int WindowSeconds { get; set; } = 900;
}

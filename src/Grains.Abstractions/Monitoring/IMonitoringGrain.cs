namespace Claw.Abstractions.Monitoring;

/// <summary>Swarm-wide health and the monitoring status, from the tables and the cluster; a stateless worker.</summary>
[Alias("claw.IMonitoringGrain")]
public interface IMonitoringGrain : IGrainWithIntegerKey
{
    [Alias("swarm-health")]
    Task<SwarmWideHealth> GetSwarmHealthAsync();

    /// <summary>Every subsystem judged by the thresholds in force; <paramref name="gateway"/> is what the asking gateway knows of its sockets.</summary>
    [Alias("status")]
    Task<MonitoringStatus> GetStatusAsync(GatewayFigures gateway);
}

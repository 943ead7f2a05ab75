using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Claw.Gateway.Operations;

/// <summary>Healthy when the silo's storage answered a round trip.</summary>
internal sealed class StorageHealthCheck(ReadinessProbe probe) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await probe.RunAsync(cancellationToken) switch
        {
            null => HealthCheckResult.Unhealthy("not probed: the cluster did not answer"),
            { Healthy: true } result => HealthCheckResult.Healthy(result.Detail),
            var result => HealthCheckResult.Unhealthy(result.Detail),
        };
}

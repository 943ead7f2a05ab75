using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Claw.Gateway.Operations;

/// <summary>Healthy when a grain call is answered.</summary>
internal sealed class ClusterHealthCheck(ReadinessProbe probe) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await probe.RunAsync(cancellationToken) is null
            ? HealthCheckResult.Unhealthy("the cluster did not answer a grain call")
            : HealthCheckResult.Healthy("a grain call was answered");
}

using Claw.Abstractions.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Claw.Gateway.Operations;

/// <summary>
/// One grain call per readiness request answers both checks: that the cluster serves a call at all, and that the
/// silo serving it reaches storage. Scoped, so the two checks of one run share the call.
/// </summary>
internal sealed class ReadinessProbe(IGrainFactory grains)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private Task<ProbeResult?>? _probe;

    public Task<ProbeResult?> RunAsync(CancellationToken cancellationToken) => _probe ??= ProbeAsync(cancellationToken);

    private async Task<ProbeResult?> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await grains.GetGrain<IHealthProbeGrain>(0).ProbeStorageAsync().WaitAsync(Timeout, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return null; // No answer from the cluster.
        }
    }
}

/// <summary>Healthy when a grain call is answered.</summary>
internal sealed class ClusterHealthCheck(ReadinessProbe probe) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await probe.RunAsync(cancellationToken) is null
            ? HealthCheckResult.Unhealthy("the cluster did not answer a grain call")
            : HealthCheckResult.Healthy("a grain call was answered");
}

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

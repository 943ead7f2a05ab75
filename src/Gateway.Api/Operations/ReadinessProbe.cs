using Claw.Abstractions.Health;

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

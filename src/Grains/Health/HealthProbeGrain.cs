using Claw.Abstractions.Health;
using Claw.Grains.Storage;
using Orleans.Concurrency;

namespace Claw.Grains.Health;

/// <summary>Serves readiness probes on whichever silo the call lands; several may run at once.</summary>
[StatelessWorker]
public sealed class HealthProbeGrain(ClawDatabase database) : Grain, IHealthProbeGrain
{
    public Task<ProbeResult> ProbeStorageAsync() => database.ProbeAsync(CancellationToken.None);
}

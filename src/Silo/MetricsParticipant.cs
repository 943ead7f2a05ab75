using Claw.Grains.Telemetry;
using Orleans.Runtime;

namespace Claw.Silo;

/// <summary>
/// Creates our meter when the silo starts. Its instruments exist only once <see cref="ClawMetrics"/> is built, and the
/// first grain that needs it may come long after the first scrape: <c>claw_build_info</c> must be there from the start.
/// </summary>
internal sealed class MetricsParticipant(ClawMetrics metrics) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(MetricsParticipant), ServiceLifecycleStage.First, _ => Task.FromResult(metrics));
}

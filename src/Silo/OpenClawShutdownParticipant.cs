using Claw.Grains.OpenClaw;
using Orleans.Runtime;

namespace Claw.Silo;

/// <summary>
/// Closes this silo's gateway connections first when the silo stops, before grains deactivate: quietly (no detach, no
/// abort), so their runs go on and the silo that takes the gateways over asks for them again under the same keys.
/// </summary>
internal sealed class OpenClawShutdownParticipant(OpenClawConnections connections) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(OpenClawShutdownParticipant), ServiceLifecycleStage.Active, _ => Task.CompletedTask, _ => connections.StopAllAsync().AsTask());
}

using Claw.Abstractions.Nodes;
using Claw.Grains.Timing;

namespace Claw.Grains.OpenClaw;

/// <summary>
/// The watch of a <see cref="GatewayGrain"/>: while the gateway should be connected from this silo it keeps the
/// connection here and the grain active (a keep-alive timer), and while tasks wait to be taken over it offers them to
/// the gateway's node every tick; otherwise it lets the grain rest. Its reminder brings the grain back after its silo
/// died, and activating is enough to open the connection on the new silo.
/// </summary>
public sealed class GatewayWatch(
    Grain grain,
    IPersistentState<GatewayState> state,
    string gatewayId,
    INodeGrain node,
    OpenClawConnections connections,
    OpenClawOptions options,
    TimeSpan minimumReminderPeriod,
    TimeProvider time,
    ILogger logger)
{
    private const string WatchReminder = "openclaw-watch";

    private GrainDeadline? _deadline;

    /// <summary>Tasks of this gateway's sessions waiting for a free slot here.</summary>
    public GatewayAdoptions Adoptions { get; } = new(gatewayId, time, logger);

    /// <summary>The keep-alive timer (ensures the connection, adopts waiting tasks) and the reminder that brings the grain back.</summary>
    public GrainDeadline Watchdog => _deadline ??= new(grain, WatchReminder, minimumReminderPeriod, time, TickAsync);

    private bool ConnectsHere => new GatewayLifecycle(state.State, time.GetUtcNow()).ConnectsHere;

    /// <summary>Keeps the connection (and the grain) alive while the gateway should be connected from here, or tasks wait; lets the grain rest otherwise.</summary>
    public void Watch()
    {
        if (ConnectsHere)
        {
            connections.Ensure(gatewayId, state.State.ToSettings(gatewayId));
        }

        if (ConnectsHere || Adoptions.Count > 0)
        {
            Watchdog.CheckEvery(options.ReportInterval, keepAlive: true);
        }
        else
        {
            Stop();
        }
    }

    public void Stop() => Watchdog.StopTimer();

    private async Task TickAsync()
    {
        if (ConnectsHere)
        {
            connections.Ensure(gatewayId, state.State.ToSettings(gatewayId));
        }

        await Adoptions.AdoptWaitingAsync(node.AssignAsync);
        Watch();
    }
}

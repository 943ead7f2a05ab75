using Claw.Abstractions;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.OpenClaw;
using Claw.Grains.OpenClaw.Protocol;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Claw.Grains.OpenClaw;

/// <summary>
/// A registered gateway: its record, its node, and the connection its silo holds. While it should be connected the
/// <see cref="GatewayWatch"/> makes sure the connection exists here and keeps the grain active; its reminder brings the
/// grain back after its silo died. Instance-backed gateways are connected by their instance grain, beside the process.
/// The rules live in <see cref="GatewayLifecycle"/> (the record) and <see cref="GatewayHealth"/> (what the connection reports).
/// </summary>
[Orleans.Placement.PreferLocalPlacement] // activated where it is first called (the silo serving the request); a reminder brings it back elsewhere
public sealed class GatewayGrain(
    [PersistentState("openclaw-gateway", OpenClawStorage.Name)] IPersistentState<GatewayState> state,
    OpenClawConnections connections,
    DeviceKeys devices,
    IOptions<OpenClawOptions> options,
    IOptions<ReminderOptions> reminderOptions,
    TimeProvider time,
    ILogger<GatewayGrain> logger) : Grain, IOpenClawGatewayGrain, IRemindable
{
    private readonly GatewayHealth _health = new();
    private GatewayWatch? _watch;

    private string GatewayId => this.GetPrimaryKeyString();

    private GatewayState G => state.State;

    /// <summary>The gateway's rules at this moment.</summary>
    private GatewayLifecycle Life => new(state.State, time.GetUtcNow());

    private OpenClawOptions Options => options.Value;

    private INodeGrain Node => GrainFactory.GetGrain<INodeGrain>(GatewayId);

    private IOpenClawDirectoryGrain Directory => GrainFactory.GetGrain<IOpenClawDirectoryGrain>(OpenClawNames.DirectoryKey);

    private GatewayWatch Watcher => _watch ??= new(this, state, GatewayId, Node, connections, Options,
        reminderOptions.Value.MinimumReminderPeriod, time, logger);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _health.Activated(time.GetUtcNow());
        Watcher.Watch();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (G.IsRegistered && G.InstanceId is null)
        {
            // The next activation, maybe on another silo, connects again.
            await connections.StopAsync(GatewayId, quietly: reason.ReasonCode == DeactivationReasonCode.ShuttingDown);
        }
    }

    public async Task<GatewayRegistration> RegisterAsync(GatewaySpec spec)
    {
        if (Life.Replays(spec))
        {
            return new GatewayRegistration(View()!, Replayed: true);
        }

        if (await Node.GetAsync() is { } node && node.Kind != OpenClawNames.NodeKind)
        {
            throw ClawException.Conflict(ErrorCodes.NodeIdTaken, $"A node '{GatewayId}' that is not a gateway is registered; a gateway is a node under its own id.");
        }

        var isNew = Life.Register(spec);
        await state.WriteStateAsync();
        await Node.RegisterAsync(G.ToNodeRegistration(GatewayId));
        await Directory.AddAsync(new OpenClawEntry(OpenClawEntryKind.Gateway, GatewayId));
        await Watcher.Watchdog.BackstopAsync(Options.WatchPeriod);
        _health.Forget();
        Watcher.Watch();
        logger.GatewayRegistered(GatewayId, spec.Url, isNew);
        return new GatewayRegistration(View()!, Replayed: false);
    }

    public Task<GatewayView?> GetAsync() => Task.FromResult(View());

    public async Task DeleteAsync()
    {
        Life.EnsureDeletable(GatewayId);
        Watcher.Stop();
        await connections.StopAsync(GatewayId);
        await Node.DeregisterAsync();
        await Directory.RemoveAsync(new OpenClawEntry(OpenClawEntryKind.Gateway, GatewayId));
        await Watcher.Watchdog.StopAsync();
        await state.ClearStateAsync();
        logger.GatewayDeleted(GatewayId);
        DeactivateOnIdle();
    }

    public async Task<GatewayProbeResult> ProbeAsync()
    {
        Life.EnsureRegistered(GatewayId);
        return await GatewayProbe.RunAsync(new GatewayEndpoint(new Uri(G.Url), G.Token), devices);
    }

    public async Task ReportAsync(ConnectionReport report)
    {
        if (!G.IsRegistered)
        {
            return;
        }

        _health.Record(report, time.GetUtcNow());
        if (Life.RememberRefusal(report))
        {
            await state.WriteStateAsync();
            Watcher.Watch();
        }
    }

    public async Task SetPausedAsync(bool paused)
    {
        Life.EnsureRegistered(GatewayId);
        if (Life.SetPaused(paused))
        {
            await state.WriteStateAsync();
        }

        if (paused && G.InstanceId is null)
        {
            await connections.StopAsync(GatewayId);
        }

        Watcher.Watch();
    }

    public Task<bool> IsServingAsync() =>
        Task.FromResult(_health.IsServing(G, time.GetUtcNow(), Options.ReportInterval, Options.SessionGrace));

    /// <summary>Takes over a task of one of this gateway's sessions that another gateway received (see <see cref="GatewayAdoptions"/>).</summary>
    public Task AdoptAsync(string taskId, string sessionKey)
    {
        if (G.IsRegistered)
        {
            Watcher.Adoptions.Add(taskId);
            Watcher.Watch();
        }

        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!G.IsRegistered)
        {
            return Watcher.Watchdog.StopAsync();
        }

        Watcher.Watch(); // being active is the point: the connection opens on this silo
        return Task.CompletedTask;
    }

    private GatewayView? View() =>
        G.IsRegistered ? G.ToView(GatewayId, _health.Status(G, time.GetUtcNow(), Options.ReportInterval), _health) : null;
}

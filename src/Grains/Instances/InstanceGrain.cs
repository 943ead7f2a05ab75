using Claw.Abstractions;
using System.Collections.Immutable;
using System.Security.Cryptography;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Instances;
using Claw.Abstractions.OpenClaw;
using Claw.Grains.OpenClaw;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Claw.Grains.Instances;

/// <summary>
/// One managed instance: it decides (lifecycle, restarts with backoff, giving up after too many failed starts), the
/// silo's <see cref="InstanceSupervisor"/> runs the process, and this grain holds the instance's gateway connection on
/// the same silo (the gateway listens on loopback). While the process should run, a timer keeps the grain active;
/// should its silo die, the reminder activates it elsewhere and the instance is provisioned again there, counted as a
/// restart.
/// </summary>
[Orleans.Placement.PreferLocalPlacement] // activated where it is first called (the silo serving the request); a reminder brings it back elsewhere
public sealed class InstanceGrain(
    [PersistentState("instance", OpenClawStorage.Name)] IPersistentState<InstanceState> state,
    InstanceSupervisor supervisor,
    OpenClawConnections connections,
    OpenClawMetrics metrics,
    IOptions<ReminderOptions> reminderOptions,
    ILocalSiloDetails silo,
    TimeProvider time,
    ILogger<InstanceGrain> logger) : Grain, IInstanceGrain, IRemindable
{
    private InstanceRun? _run;

    private string InstanceId => this.GetPrimaryKeyString();

    private InstanceState I => state.State;

    /// <summary>The instance's rules at this moment.</summary>
    private InstanceLifecycle Life => new(state.State, time.GetUtcNow());

    private InstanceOptions Options => supervisor.Options;

    private InstanceRun Run => _run ??= new(this, state, InstanceId, supervisor, connections, metrics, Ports,
        silo.SiloAddress.ToString(), reminderOptions.Value.MinimumReminderPeriod, time);

    private InstanceLayout Layout => Run.Layout;

    private IOpenClawGatewayGrain Gateway => GrainFactory.GetGrain<IOpenClawGatewayGrain>(InstanceId);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Life.NeedsProvisioning)
        {
            if (Life.SiloLost(silo.SiloAddress.ToString()))
            {
                metrics.InstanceRestarts.Add(1);
            }

            if (I.Pid is { } leftover)
            {
                await InstanceSupervisor.KillLeftoverAsync(leftover, Layout);
            }

            await Run.LaunchAsync(I.Status == InstanceStatus.Upgrading ? InstanceStatus.Upgrading : InstanceStatus.Provisioning);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The process is this silo's child: it stops with the silo; the reminder brings the instance back elsewhere.
        await connections.StopAsync(InstanceId, quietly: reason.ReasonCode == DeactivationReasonCode.ShuttingDown);
        await supervisor.StopAsync(InstanceId);
        metrics.InstanceGone(InstanceId);
    }

    public async Task<InstanceCreation> CreateAsync(InstanceSpec spec)
    {
        if (I.Exists)
        {
            return spec.IdempotencyFingerprint is { } fingerprint && fingerprint == I.IdempotencyFingerprint
                ? new InstanceCreation(View(), Replayed: true)
                : throw ClawException.Conflict(ErrorCodes.IdempotencyConflict, $"Instance '{InstanceId}' exists; this idempotency key was used with a different request body.");
        }

        var port = await Ports.AllocateAsync(InstanceId, []); // first: without a port there is no instance
        Life.Create(spec, port, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), Options.DefaultVersion);
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IOpenClawDirectoryGrain>(OpenClawNames.DirectoryKey).AddAsync(new OpenClawEntry(OpenClawEntryKind.Instance, InstanceId));
        await Run.Watchdog.BackstopAsync(Options.WatchPeriod);
        await Gateway.RegisterAsync(I.ToGatewaySpec(InstanceId));
        await Gateway.SetPausedAsync(true); // until the process answers hello-ok
        logger.InstanceCreated(InstanceId, I.Port);
        await Run.LaunchAsync(InstanceStatus.Provisioning);
        return new InstanceCreation(View(), Replayed: false);
    }

    public Task<InstanceView?> GetAsync() => Task.FromResult(I.Exists ? View() : null);

    public async Task<InstanceView> StopAsync()
    {
        EnsureExists();
        Life.EnsureNotDestroyed(InstanceId, "stop");
        I.ShouldRun = false;
        I.Status = InstanceStatus.Stopped;
        await Run.StopAsync();
        await state.WriteStateAsync();
        await Gateway.SetPausedAsync(true);
        return View();
    }

    public async Task<InstanceView> StartAsync()
    {
        EnsureExists();
        Life.EnsureNotDestroyed(InstanceId, "start");
        if (I.ShouldRun && I.Status is InstanceStatus.Running or InstanceStatus.Provisioning or InstanceStatus.Upgrading)
        {
            return View(); // already running or on its way
        }

        Life.RunAgain();
        await Run.LaunchAsync(InstanceStatus.Provisioning);
        return View();
    }

    public async Task<InstanceView> RestartAsync()
    {
        EnsureExists();
        Life.EnsureNotDestroyed(InstanceId, "restart");
        Life.RunAgain();
        await Run.StopAsync();
        await Run.LaunchAsync(InstanceStatus.Provisioning);
        return View();
    }

    public async Task<InstanceView> UpgradeAsync(string version)
    {
        EnsureExists();
        Life.EnsureNotDestroyed(InstanceId, "upgrade");
        if (!Options.Launcher.Contains("{version}", StringComparison.Ordinal))
        {
            throw ClawException.Conflict(ErrorCodes.UpgradeUnsupported,
                "The launcher (Claw:Instances:Launcher) names no {version}, so Claw cannot start another version; put {version} where the OpenClaw version goes.");
        }

        I.TargetVersion = version;
        Life.RunAgain();
        await Run.StopAsync();
        await Run.LaunchAsync(InstanceStatus.Upgrading);
        return View();
    }

    public Task<ImmutableArray<string>> LogsAsync(int tail)
    {
        EnsureExists();
        var path = Layout.ProcessLog;
        return Task.FromResult(File.Exists(path) ? LogTail.Read(path, tail) : []);
    }

    public async Task<InstanceView> DestroyAsync()
    {
        EnsureExists();
        if (I.Status == InstanceStatus.Destroyed)
        {
            return View();
        }

        I.ShouldRun = false;
        I.Status = InstanceStatus.Destroying;
        await state.WriteStateAsync();
        await Run.StopAsync();
        if (await Gateway.GetAsync() is not null)
        {
            await Gateway.SetPausedAsync(true);
            await Gateway.DeleteAsync(); // its node goes too: leases revoked, its WireGuard address freed
        }

        await Ports.ReleaseAsync(InstanceId);
        await LogTail.DeleteFolderAsync(Layout.Root);
        await Run.Watchdog.StopAsync();
        I.Status = InstanceStatus.Destroyed;
        I.Pid = null;
        await state.WriteStateAsync();
        logger.InstanceDestroyed(InstanceId);
        DeactivateOnIdle();
        return View();
    }

    public async Task ProcessReadyAsync(string launchId, string? version, double startupSeconds)
    {
        if (!Run.IsCurrent(launchId) || !I.ShouldRun)
        {
            return; // a launch that was stopped or replaced meanwhile
        }

        Life.Ready(version, startupSeconds);
        await state.WriteStateAsync();
        metrics.InstanceStartup.Record(startupSeconds);
        await Gateway.RegisterAsync(I.ToGatewaySpec(InstanceId));
        await Gateway.SetPausedAsync(false);
        Run.Connect();
    }

    public async Task ProcessExitedAsync(string launchId, string reason)
    {
        if (!Run.IsCurrent(launchId))
        {
            return;
        }

        Run.Ended();
        var exit = Life.Exited(reason, Options.MaxFailedStarts);
        await state.WriteStateAsync();
        switch (exit)
        {
            case InstanceExit.GaveUp:
                metrics.InstanceRestarts.Add(1);
                await connections.StopAsync(InstanceId);
                logger.InstanceGaveUp(InstanceId, I.FailedStarts, reason);
                break;
            case InstanceExit.Relaunch:
                // The gateway connection stays: it reconnects by itself when the process is back on the same port, and
                // turns in flight resend their request under the same idempotency key.
                metrics.InstanceRestarts.Add(1);
                var delay = OpenClaw.Backoff.Delay(Options.RestartBackoff, Options.MaxRestartBackoff, I.FailedStarts);
                logger.InstanceRestarting(InstanceId, reason, delay.TotalSeconds);
                Run.RelaunchAfter(delay);
                break;
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        I.Exists && I.ShouldRun ? Task.CompletedTask : Run.Watchdog.StopAsync(); // activation did the work

    private IInstancePortsGrain Ports => GrainFactory.GetGrain<IInstancePortsGrain>(IInstancePortsGrain.Key);

    private InstanceView View() => I.ToView(InstanceId, supervisor.Pid(InstanceId), supervisor.MemoryBytes(InstanceId));

    private void EnsureExists()
    {
        if (!I.Exists)
        {
            throw ClawException.NotFound("instance", InstanceId);
        }
    }
}

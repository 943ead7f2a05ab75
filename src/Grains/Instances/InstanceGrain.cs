using Claw.Abstractions;
using System.Collections.Immutable;
using System.Security.Cryptography;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Instances;
using Claw.Abstractions.OpenClaw;
using Claw.Grains.OpenClaw;
using Claw.Grains.Timing;
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
public sealed partial class InstanceGrain(
    [PersistentState("instance", OpenClawStorage.Name)] IPersistentState<InstanceState> state,
    InstanceSupervisor supervisor,
    OpenClawConnections connections,
    OpenClawMetrics metrics,
    IOptions<ReminderOptions> reminderOptions,
    ILocalSiloDetails silo,
    TimeProvider time,
    ILogger<InstanceGrain> logger) : Grain, IInstanceGrain, IRemindable
{
    private const string WatchReminder = "instance-watch";

    private string? _launchId;
    private GrainDeadline? _deadline;
    private IGrainTimer? _relaunch;

    private string InstanceId => this.GetPrimaryKeyString();

    private InstanceState I => state.State;

    private InstanceOptions Options => supervisor.Options;

    private InstanceLayout Layout => InstanceLayout.For(Options.Directory ?? Path.GetFullPath("./data/instances"), InstanceId);

    private IOpenClawGatewayGrain Gateway => GrainFactory.GetGrain<IOpenClawGatewayGrain>(InstanceId);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (I.Exists && I.ShouldRun && I.Status is not (InstanceStatus.Error or InstanceStatus.Destroyed))
        {
            // Nothing runs for it on this silo: it ran on one that died (or the cluster restarted). Provision it again.
            if (I.Status is InstanceStatus.Running or InstanceStatus.Upgrading || I.ReadyAt is not null)
            {
                I.Restarts++;
                metrics.InstanceRestarts.Add(1);
                I.LastError = $"its silo {I.Silo} stopped; provisioned again on {silo.SiloAddress}";
            }

            if (I.Pid is { } leftover)
            {
                await InstanceSupervisor.KillLeftoverAsync(leftover, Layout);
            }

            await LaunchAsync(I.Status == InstanceStatus.Upgrading ? InstanceStatus.Upgrading : InstanceStatus.Provisioning);
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
        I.Apply(spec);
        I.CreatedAt = time.GetUtcNow();
        I.Token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        I.TargetVersion = Options.DefaultVersion;
        I.ShouldRun = true;
        I.Port = port;
        I.Status = InstanceStatus.Provisioning;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IOpenClawDirectoryGrain>(OpenClawNames.DirectoryKey).AddAsync(new OpenClawEntry(OpenClawEntryKind.Instance, InstanceId));
        await Watchdog.BackstopAsync(Options.WatchPeriod);
        await Gateway.RegisterAsync(GatewaySpec());
        await Gateway.SetPausedAsync(true); // until the process answers hello-ok
        LogCreated(logger, InstanceId, I.Port);
        await LaunchAsync(InstanceStatus.Provisioning);
        return new InstanceCreation(View(), Replayed: false);
    }

    public Task<InstanceView?> GetAsync() => Task.FromResult(I.Exists ? View() : null);

    public async Task<InstanceView> StopAsync()
    {
        EnsureExists();
        EnsureNotDestroyed("stop");
        I.ShouldRun = false;
        I.Status = InstanceStatus.Stopped;
        await StopProcessAsync();
        await state.WriteStateAsync();
        await Gateway.SetPausedAsync(true);
        return View();
    }

    public async Task<InstanceView> StartAsync()
    {
        EnsureExists();
        EnsureNotDestroyed("start");
        if (I.ShouldRun && I.Status is InstanceStatus.Running or InstanceStatus.Provisioning or InstanceStatus.Upgrading)
        {
            return View(); // already running or on its way
        }

        I.ShouldRun = true;
        I.FailedStarts = 0;
        await LaunchAsync(InstanceStatus.Provisioning);
        return View();
    }

    public async Task<InstanceView> RestartAsync()
    {
        EnsureExists();
        EnsureNotDestroyed("restart");
        I.ShouldRun = true;
        I.FailedStarts = 0;
        await StopProcessAsync();
        await LaunchAsync(InstanceStatus.Provisioning);
        return View();
    }

    public async Task<InstanceView> UpgradeAsync(string version)
    {
        EnsureExists();
        EnsureNotDestroyed("upgrade");
        if (!Options.Launcher.Contains("{version}", StringComparison.Ordinal))
        {
            throw ClawException.Conflict(ErrorCodes.UpgradeUnsupported,
                "The launcher (Claw:Instances:Launcher) names no {version}, so Claw cannot start another version; put {version} where the OpenClaw version goes.");
        }

        I.TargetVersion = version;
        I.ShouldRun = true;
        I.FailedStarts = 0;
        await StopProcessAsync();
        await LaunchAsync(InstanceStatus.Upgrading);
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
        await StopProcessAsync();
        if (await Gateway.GetAsync() is not null)
        {
            await Gateway.SetPausedAsync(true);
            await Gateway.DeleteAsync(); // its node goes too: leases revoked, its WireGuard address freed
        }

        await Ports.ReleaseAsync(InstanceId);
        await LogTail.DeleteFolderAsync(Layout.Root);
        await Watchdog.StopAsync();
        I.Status = InstanceStatus.Destroyed;
        I.Pid = null;
        await state.WriteStateAsync();
        LogDestroyed(logger, InstanceId);
        DeactivateOnIdle();
        return View();
    }

    public async Task ProcessReadyAsync(string launchId, string? version, double startupSeconds)
    {
        if (launchId != _launchId || !I.ShouldRun)
        {
            return; // a launch that was stopped or replaced meanwhile
        }

        var requested = I.Status == InstanceStatus.Upgrading ? I.TargetVersion : null;
        I.Status = InstanceStatus.Running;
        I.Version = version;
        I.FailedStarts = 0;
        I.StartupSeconds = Math.Round(startupSeconds, 2);
        I.ReadyAt = time.GetUtcNow();
        I.LastError = requested is not null && version is not null && !version.Contains(requested, StringComparison.Ordinal)
            ? $"upgrade to {requested} asked, but the launcher runs {version}"
            : I.LastError;
        await state.WriteStateAsync();
        metrics.InstanceStartup.Record(startupSeconds);
        await Gateway.RegisterAsync(GatewaySpec());
        await Gateway.SetPausedAsync(false);
        Connect();
    }

    public async Task ProcessExitedAsync(string launchId, string reason)
    {
        if (launchId != _launchId)
        {
            return;
        }

        _launchId = null;
        var wasReady = I.Status == InstanceStatus.Running;
        I.Pid = null;
        I.LastError = reason;
        if (!I.ShouldRun)
        {
            await state.WriteStateAsync();
            return;
        }

        // The gateway connection stays: it reconnects by itself when the process is back on the same port, and turns
        // in flight resend their request under the same idempotency key.
        I.Restarts++;
        metrics.InstanceRestarts.Add(1);
        I.FailedStarts = wasReady ? 1 : I.FailedStarts + 1;
        if (I.FailedStarts > Options.MaxFailedStarts)
        {
            I.Status = InstanceStatus.Error;
            I.LastError = $"gave up after {I.FailedStarts} failed starts; last: {reason}";
            await state.WriteStateAsync();
            await connections.StopAsync(InstanceId);
            LogGaveUp(logger, InstanceId, I.FailedStarts, reason);
            return;
        }

        I.Status = InstanceStatus.Provisioning;
        await state.WriteStateAsync();
        var delay = OpenClaw.Backoff.Delay(Options.RestartBackoff, Options.MaxRestartBackoff, I.FailedStarts);
        LogRestarting(logger, InstanceId, reason, delay.TotalSeconds);
        _relaunch?.Dispose();
        _relaunch = this.RegisterGrainTimer(_ => RelaunchAsync(launchId: null), new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan));
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        I.Exists && I.ShouldRun ? Task.CompletedTask : Watchdog.StopAsync(); // activation did the work

    private async Task RelaunchAsync(string? launchId)
    {
        _relaunch?.Dispose();
        _relaunch = null;
        if (I.ShouldRun && _launchId == launchId && I.Status == InstanceStatus.Provisioning)
        {
            await LaunchAsync(InstanceStatus.Provisioning);
        }
    }

    private async Task LaunchAsync(InstanceStatus status)
    {
        I.Status = status;
        I.Port = await Ports.AllocateAsync(InstanceId, []);
        if (!InstanceSupervisor.IsPortFree(I.Port))
        {
            I.Port = await Ports.AllocateAsync(InstanceId, [I.Port]); // another program took it meanwhile: move
        }

        _launchId = Guid.NewGuid().ToString("N");
        var launch = new InstanceLaunch(InstanceId, _launchId, Layout, I.Port, I.Token, I.TargetVersion ?? Options.DefaultVersion, I.ModelProvider);
        await supervisor.StartAsync(launch);
        I.Pid = supervisor.Pid(InstanceId);
        I.Silo = silo.SiloAddress.ToString();
        await state.WriteStateAsync();
        Watch();
    }

    private async Task StopProcessAsync()
    {
        _launchId = null;
        _relaunch?.Dispose();
        _relaunch = null;
        await connections.StopAsync(InstanceId);
        await supervisor.StopAsync(InstanceId);
        I.Pid = null;
        metrics.Instance(InstanceId, running: false, null);
        Watch();
    }

    /// <summary>The instance's gateway connection lives here, beside the process it talks to over loopback.</summary>
    private void Connect() => connections.Ensure(InstanceId, new ConnectionSettings(
        new OpenClaw.Protocol.GatewayEndpoint(Url, I.Token), InstanceId, "main", I.MaxConcurrentSessions, ["default"]));

    /// <summary>While the process should run: keeps the grain active and its figures fresh, and the connection open once ready.</summary>
    private void Watch()
    {
        if (I.ShouldRun)
        {
            Watchdog.CheckEvery(TimeSpan.FromSeconds(5), keepAlive: true);
        }
        else
        {
            Watchdog.StopTimer();
        }
    }

    /// <summary>The keep-alive timer (figures, the connection once ready) and the reminder that re-provisions after a silo died.</summary>
    private GrainDeadline Watchdog => _deadline ??= new(this, WatchReminder, reminderOptions.Value.MinimumReminderPeriod, time, TickAsync);

    private Task TickAsync()
    {
        var running = _launchId is not null && supervisor.IsRunning(InstanceId, _launchId);
        metrics.Instance(InstanceId, running && I.Status == InstanceStatus.Running, running ? supervisor.MemoryBytes(InstanceId) : null);
        if (running && I.Status == InstanceStatus.Running)
        {
            Connect();
        }

        return Task.CompletedTask;
    }

    private Uri Url => new($"ws://127.0.0.1:{I.Port}");

    private GatewaySpec GatewaySpec() => new(
        I.Name!,
        Url.ToString(),
        I.Token,
        "main",
        I.MaxConcurrentSessions,
        [],
        I.Labels.ToImmutableDictionary(),
        I.SwarmId,
        InstanceId);

    private IInstancePortsGrain Ports => GrainFactory.GetGrain<IInstancePortsGrain>(IInstancePortsGrain.Key);

    private InstanceView View() => new(
        InstanceId,
        I.Name!,
        I.Status,
        I.Port,
        supervisor.Pid(InstanceId),
        InstanceId,
        I.Version,
        I.Restarts,
        I.LastError,
        I.CreatedAt,
        I.MaxConcurrentSessions,
        I.Labels.ToImmutableDictionary(),
        I.SwarmId,
        I.Status is InstanceStatus.Destroyed or InstanceStatus.Stopped ? null : I.Silo,
        supervisor.MemoryBytes(InstanceId),
        I.StartupSeconds,
        I.ModelBaseUrl,
        I.Model);

    private void EnsureExists()
    {
        if (!I.Exists)
        {
            throw ClawException.NotFound("instance", InstanceId);
        }
    }

    private void EnsureNotDestroyed(string action)
    {
        if (I.Status is InstanceStatus.Destroyed or InstanceStatus.Destroying)
        {
            throw ClawException.Conflict(ErrorCodes.InvalidTransition, $"Instance '{InstanceId}' is {I.Status.ToString().ToLowerInvariant()}; it cannot {action}.");
        }
    }

    [LoggerMessage(EventIds.InstanceCreated, LogLevel.Information, "Instance {InstanceId} created on port {Port}")]
    private static partial void LogCreated(ILogger logger, string instanceId, int port);

    [LoggerMessage(EventIds.InstanceRestarting, LogLevel.Warning, "Instance {InstanceId}: {Reason}; starting it again in {DelaySeconds:F1} s")]
    private static partial void LogRestarting(ILogger logger, string instanceId, string reason, double delaySeconds);

    [LoggerMessage(EventIds.InstanceGaveUp, LogLevel.Error, "Instance {InstanceId} is in error after {FailedStarts} failed starts: {Reason}")]
    private static partial void LogGaveUp(ILogger logger, string instanceId, int failedStarts, string reason);

    [LoggerMessage(EventIds.InstanceDestroyed, LogLevel.Information, "Instance {InstanceId} destroyed")]
    private static partial void LogDestroyed(ILogger logger, string instanceId);
}

using Claw.Abstractions.Instances;
using Claw.Grains.OpenClaw;
using Claw.Grains.Timing;

namespace Claw.Grains.Instances;

/// <summary>
/// The running half of an <see cref="InstanceGrain"/>: the current launch of its process on this silo (a process that
/// exits or answers for another launch is ignored), the relaunch after a backoff, the gateway connection beside the
/// process, and the watch that keeps the grain active while the process should run (a timer for figures and the
/// connection, a reminder that provisions the instance again on another silo should this one die).
/// </summary>
public sealed class InstanceRun(
    Grain grain,
    IPersistentState<InstanceState> state,
    string instanceId,
    InstanceSupervisor supervisor,
    OpenClawConnections connections,
    OpenClawMetrics metrics,
    IInstancePortsGrain ports,
    string siloAddress,
    TimeSpan minimumReminderPeriod,
    TimeProvider time)
{
    private const string WatchReminder = "instance-watch";

    private string? _launchId;
    private GrainDeadline? _deadline;
    private IGrainTimer? _relaunch;

    private InstanceState I => state.State;

    private InstanceOptions Options => supervisor.Options;

    public InstanceLayout Layout => InstanceLayout.For(Options.Directory ?? Path.GetFullPath("./data/instances"), instanceId);

    /// <summary>The keep-alive timer (figures, the connection once ready) and the reminder that re-provisions after a silo died.</summary>
    public GrainDeadline Watchdog => _deadline ??= new(grain, WatchReminder, minimumReminderPeriod, time, TickAsync);

    /// <summary>Whether <paramref name="launchId"/> is the launch running now (not one stopped or replaced meanwhile).</summary>
    public bool IsCurrent(string launchId) => launchId == _launchId;

    /// <summary>Starts the process on a free port under a new launch id, records it and watches it.</summary>
    public async Task LaunchAsync(InstanceStatus status)
    {
        I.Status = status;
        I.Port = await ports.AllocateAsync(instanceId, []);
        if (!InstanceSupervisor.IsPortFree(I.Port))
        {
            I.Port = await ports.AllocateAsync(instanceId, [I.Port]); // another program took it meanwhile: move
        }

        _launchId = Guid.NewGuid().ToString("N");
        var launch = new InstanceLaunch(instanceId, _launchId, Layout, I.Port, I.Token, I.TargetVersion ?? Options.DefaultVersion, I.ModelProvider);
        await supervisor.StartAsync(launch);
        I.Pid = supervisor.Pid(instanceId);
        I.Silo = siloAddress;
        await state.WriteStateAsync();
        Watch();
    }

    /// <summary>Stops the process and its connection; no relaunch is pending afterwards.</summary>
    public async Task StopAsync()
    {
        Forget();
        await connections.StopAsync(instanceId);
        await supervisor.StopAsync(instanceId);
        I.Pid = null;
        metrics.Instance(instanceId, running: false, null);
        Watch();
    }

    /// <summary>The current launch ended by itself: nothing of it is current any more.</summary>
    public void Ended() => _launchId = null;

    /// <summary>Starts the process again after <paramref name="delay"/>, unless something else launched or stopped it meanwhile.</summary>
    public void RelaunchAfter(TimeSpan delay)
    {
        _relaunch?.Dispose();
        _relaunch = grain.RegisterGrainTimer(_ => RelaunchAsync(), new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan));
    }

    /// <summary>The instance's gateway connection lives here, beside the process it talks to over loopback.</summary>
    public void Connect() => connections.Ensure(instanceId, new ConnectionSettings(
        new OpenClaw.Protocol.GatewayEndpoint(I.GatewayUrl(), I.Token), instanceId, "main", I.MaxConcurrentSessions, ["default"]));

    private void Forget()
    {
        _launchId = null;
        _relaunch?.Dispose();
        _relaunch = null;
    }

    private async Task RelaunchAsync()
    {
        _relaunch?.Dispose();
        _relaunch = null;
        if (I.ShouldRun && _launchId is null && I.Status == InstanceStatus.Provisioning)
        {
            await LaunchAsync(InstanceStatus.Provisioning);
        }
    }

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

    private Task TickAsync()
    {
        var running = _launchId is not null && supervisor.IsRunning(instanceId, _launchId);
        metrics.Instance(instanceId, running && I.Status == InstanceStatus.Running, running ? supervisor.MemoryBytes(instanceId) : null);
        if (running && I.Status == InstanceStatus.Running)
        {
            Connect();
        }

        return Task.CompletedTask;
    }
}

using System.Collections.Immutable;

namespace Claw.Abstractions.Instances;

/// <summary>
/// One managed OpenClaw gateway process. The grain decides (the lifecycle, restarts, backoff); the supervisor of the
/// silo that hosts the grain acts (it owns the child process). The grain keeps itself active while its process should
/// run, and a reminder brings it back after its silo dies: the instance is then provisioned again on a live silo,
/// counted as a restart. It registers the instance's gateway (same id) and holds that gateway's connection on its silo,
/// beside the process, since the gateway listens on loopback.
/// </summary>
[Alias("claw.IInstanceGrain")]
public interface IInstanceGrain : IGrainWithStringKey
{
    /// <summary>Creates the instance (<c>provisioning</c>) and starts its process.</summary>
    [Alias("create")]
    Task<InstanceCreation> CreateAsync(InstanceSpec spec);

    [Alias("get")]
    Task<InstanceView?> GetAsync();

    [Alias("stop")]
    Task<InstanceView> StopAsync();

    [Alias("start")]
    Task<InstanceView> StartAsync();

    [Alias("restart")]
    Task<InstanceView> RestartAsync();

    /// <summary>Restarts on <paramref name="version"/> (the launcher's <c>{version}</c>); 409 when the launcher names no version.</summary>
    [Alias("upgrade")]
    Task<InstanceView> UpgradeAsync(string version);

    /// <summary>The last <paramref name="tail"/> lines the gateway process wrote.</summary>
    [Alias("logs")]
    Task<ImmutableArray<string>> LogsAsync(int tail);

    /// <summary><c>destroying</c> → <c>destroyed</c>: process stopped, folder removed, port freed, gateway removed.</summary>
    [Alias("destroy")]
    Task<InstanceView> DestroyAsync();

    /// <summary>The supervisor: launch <paramref name="launchId"/> answered <c>hello-ok</c>.</summary>
    [OneWay, Alias("ready")]
    Task ProcessReadyAsync(string launchId, string? version, double startupSeconds);

    /// <summary>The supervisor: launch <paramref name="launchId"/> exited or could not start.</summary>
    [OneWay, Alias("exited")]
    Task ProcessExitedAsync(string launchId, string reason);
}

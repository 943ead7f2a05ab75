namespace Claw.Abstractions.Swarms;

/// <summary>
/// One swarm: lifecycle, concurrency limit and pause. Members are the nodes whose <c>swarm_id</c> names it (the node
/// grain owns that fact). Its tasks ask it for a slot before they are leased, so a pause or the limit holds on every
/// silo at once; tasks it turns away wait with it until it resumes or a slot frees up.
/// </summary>
[Alias("claw.ISwarmGrain")]
public interface ISwarmGrain : IGrainWithStringKey
{
    /// <summary>Creates the swarm (<c>provisioning</c>, then <c>running</c> or <c>failed</c>); a repeat with the same fingerprint returns it.</summary>
    [Alias("create")]
    Task<SwarmCreated> CreateAsync(SwarmSpec spec);

    [Alias("get")]
    Task<SwarmView?> GetAsync();

    [Alias("pause")]
    Task<SwarmView> PauseAsync();

    [Alias("resume")]
    Task<SwarmView> ResumeAsync();

    /// <summary>Terminal: pending tasks of the swarm are cancelled; running ones finish.</summary>
    [Alias("stop")]
    Task<SwarmView> StopAsync();

    [Alias("add-node")]
    Task<SwarmView> AddNodeAsync(string nodeId);

    [Alias("remove-node")]
    Task<SwarmView> RemoveNodeAsync(string nodeId);

    [Alias("health")]
    Task<SwarmHealth> GetHealthAsync();

    /// <summary>Deletes a stopped or failed swarm.</summary>
    [Alias("delete")]
    Task DeleteAsync();

    /// <summary>A task of the swarm asks to be leased now; anything but <see cref="SlotGrant.Granted"/> means not now.</summary>
    [Alias("acquire-slot")]
    Task<SlotGrant> AcquireSlotAsync(string taskId);

    /// <summary>
    /// The table refused the lease of a task this grain granted a slot (another activation of the swarm's grain counted
    /// apart): the task waits parked until the recounted swarm has room.
    /// </summary>
    [Alias("park-refused")]
    Task ParkRefusedAsync(string taskId);

    /// <summary>A task's lease ended; its slot is free again.</summary>
    [OneWay, Alias("release-slot")]
    Task ReleaseSlotAsync(string taskId);
}

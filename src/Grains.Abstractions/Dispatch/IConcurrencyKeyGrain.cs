using Claw.Abstractions.Swarms;

namespace Claw.Abstractions.Dispatch;

/// <summary>
/// The running tasks of one concurrency key, cluster-wide (key: <c>key:{concurrency_key}</c>, or <c>queue:{name}</c> for
/// a queue's <c>max_concurrent</c>). A task asks for a slot before it is leased; turned away, it waits parked here and is
/// put back into dispatch when a slot frees. Memory only, rebuilt and healed from the tasks table.
/// </summary>
[Alias("claw.IConcurrencyKeyGrain")]
public interface IConcurrencyKeyGrain : IGrainWithStringKey
{
    /// <summary><see cref="SlotGrant.Granted"/> (the task holds a slot) or <see cref="SlotGrant.Full"/> (parked).</summary>
    [Alias("acquire")]
    Task<SlotGrant> AcquireSlotAsync(string taskId, int limit);

    /// <summary>The task's lease ended: its slot is free, and a parked task may run.</summary>
    [Alias("release")]
    Task ReleaseSlotAsync(string taskId);

    /// <summary>
    /// The table refused the lease of a task this grain granted a slot: the key's limit was reached by leases another
    /// activation of this grain granted. The task waits parked until the recounted key has room.
    /// </summary>
    [Alias("park-refused")]
    Task ParkRefusedAsync(string taskId);

    /// <summary>Tasks holding a slot now (for monitoring and tests).</summary>
    [Alias("running")]
    Task<int> RunningAsync();
}

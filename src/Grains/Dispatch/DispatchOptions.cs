namespace Claw.Grains.Dispatch;

/// <summary>Configuration section <c>Claw:Dispatch</c>.</summary>
public sealed class DispatchOptions
{
    /// <summary>Partitions per queue; each is one dispatch-index grain. Raise it when one partition is measured hot.</summary>
    public int Partitions { get; set; } = 1;

    /// <summary>How often each partition's reminder sweeps for leases whose deadline passed on a dead silo.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a taken task may stay unleased before the index asks its grain to reconcile.</summary>
    public TimeSpan TakeGrace { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<string> PartitionKeys(string queue) => Enumerable.Range(0, Math.Max(1, Partitions)).Select(p => QueueKeys.Key(queue, p));

    public string PartitionKeyOf(string queue, string taskId) =>
        QueueKeys.Key(queue, (int)((uint)StableHash(taskId) % (uint)Math.Max(1, Partitions)));

    private static int StableHash(string text)
    {
        // string.GetHashCode is randomized per process; partitions must agree across silos and restarts.
        var hash = unchecked((int)2166136261);
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619);
        }

        return hash;
    }
}

namespace Claw.Grains.Dispatch;

/// <summary>
/// The keys of <see cref="ConcurrencyKeyGrain"/>: a task's own <c>concurrency_key</c> (<c>key:{k}</c>) and its queue's
/// <c>max_concurrent</c> (<c>queue:{name}</c>), each a cluster-wide count of running tasks.
/// </summary>
public static class ConcurrencyLanes
{
    private const string KeyPrefix = "key:";
    private const string QueuePrefix = "queue:";

    public static string OfKey(string concurrencyKey) => KeyPrefix + concurrencyKey;

    public static string OfQueue(string queue) => QueuePrefix + queue;

    /// <summary>The lanes a task takes a slot in before it is leased, each with its limit: its key's, and its queue's.</summary>
    public static List<(string Lane, int Limit)> Of(string queue, string? concurrencyKey, int? keyLimit, int? queueLimit)
    {
        var lanes = new List<(string, int)>(2);
        if (concurrencyKey is not null && keyLimit is { } perKey)
        {
            lanes.Add((OfKey(concurrencyKey), perKey));
        }

        if (queueLimit is { } perQueue)
        {
            lanes.Add((OfQueue(queue), perQueue));
        }

        return lanes;
    }

    /// <summary>The tasks-table column and value that select a lane's tasks.</summary>
    public static (string Column, string Value) Selector(string lane) => lane.StartsWith(QueuePrefix, StringComparison.Ordinal)
        ? ("queue", lane[QueuePrefix.Length..])
        : ("concurrency_key", lane[KeyPrefix.Length..]);
}

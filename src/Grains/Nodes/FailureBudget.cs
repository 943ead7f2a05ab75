namespace Claw.Grains.Nodes;

/// <summary>
/// How many failure reports a node may make: at most <c>max</c> in any <c>window</c> (sliding). Kept by the node grain,
/// so the limit holds cluster-wide whichever silo each report arrives at; in memory, so a node grain that leaves
/// memory starts afresh (it only ever lets more through, never fewer).
/// </summary>
public sealed class FailureBudget(int max, TimeSpan window)
{
    private readonly Queue<DateTimeOffset> _admitted = new();

    /// <summary>Admits one report at <paramref name="now"/> (null), or says how long until the oldest one leaves the window.</summary>
    public TimeSpan? Admit(DateTimeOffset now)
    {
        while (_admitted.TryPeek(out var oldest) && now - oldest >= window)
        {
            _admitted.Dequeue();
        }

        if (max <= 0 || _admitted.Count < max)
        {
            _admitted.Enqueue(now);
            return null;
        }

        return _admitted.Peek() + window - now;
    }
}

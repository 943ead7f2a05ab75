namespace Claw.Grains.Dispatch;

/// <summary>
/// Tasks a node took out of a partition's index and has not leased yet. A take that is never leased (its node died
/// between take and lease) would leave the task nowhere; after a grace the sweep checks such tasks against the table.
/// </summary>
public sealed class TakenTasks
{
    private readonly Dictionary<string, DateTimeOffset> _taken = new(StringComparer.Ordinal);

    public void Took(IEnumerable<string> taskIds, DateTimeOffset now)
    {
        foreach (var id in taskIds)
        {
            _taken[id] = now;
        }
    }

    /// <summary>The task is back in the index, or gone from the queue: not taken any more.</summary>
    public void Forget(string taskId) => _taken.Remove(taskId);

    public bool Contains(string taskId) => _taken.ContainsKey(taskId);

    /// <summary>Tasks taken before <paramref name="cutoff"/>: the sweep asks the table about them, then forgets them here.</summary>
    public List<string> Stale(DateTimeOffset cutoff) => _taken.Where(t => t.Value < cutoff).Select(t => t.Key).ToList();

    public void Forget(IEnumerable<string> taskIds)
    {
        foreach (var id in taskIds)
        {
            _taken.Remove(id);
        }
    }
}

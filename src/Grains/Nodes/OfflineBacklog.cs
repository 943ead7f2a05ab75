namespace Claw.Grains.Nodes;

/// <summary>
/// The rule of a node's offline delivery queue: of the assignments a reconnecting node missed, those queued longer than
/// the TTL (or past their task's own <c>expires_at</c>) expire, and past the bound the oldest are dropped first. What is dropped goes back to dispatch (no task lost)
/// and is counted in <c>reconnect_ack.expired_count</c>.
/// </summary>
public static class OfflineBacklog
{
    /// <summary>
    /// Splits <paramref name="missed"/> (lease id; when it was queued, null: not known here, taken as queued now; its
    /// task's expiry, if any) into what is delivered and what is dropped, the kept ones oldest first.
    /// </summary>
    public static (List<string> Keep, List<string> Drop) Trim(
        IEnumerable<(string LeaseId, DateTimeOffset? QueuedAt, DateTimeOffset? TaskExpiresAt)> missed, DateTimeOffset now, int max, TimeSpan ttl)
    {
        var ordered = missed.Select(m => (m.LeaseId, At: m.QueuedAt ?? now, m.TaskExpiresAt)).OrderBy(m => m.At).ToList();
        bool Stale((string, DateTimeOffset At, DateTimeOffset? TaskExpiresAt) m) => now - m.At > ttl || m.TaskExpiresAt <= now;
        var drop = ordered.Where(Stale).Select(m => m.LeaseId).ToList();
        var fresh = ordered.Where(m => !Stale(m)).Select(m => m.LeaseId).ToList();
        var over = Math.Max(0, fresh.Count - Math.Max(0, max));
        drop.AddRange(fresh.Take(over));
        return (fresh.Skip(over).ToList(), drop);
    }
}

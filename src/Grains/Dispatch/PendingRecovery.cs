using Claw.Grains.Storage;
using Claw.Grains.Tasks;

namespace Claw.Grains.Dispatch;

/// <summary>
/// Finds the pending rows a partition's memory lost: tasks taken longer ago than the grace but never leased, and rows
/// written pending whose enqueue never arrived (a silo died between the write and the enqueue). Only the ids of recently
/// written rows are read, and whole rows only for those the index does not hold, so a deep backlog costs a sweep little.
/// </summary>
public sealed class PendingRecovery(ClawDatabase database, string queue, Func<string, bool> isOwn, DateTimeOffset checkedUntil)
{
    private DateTimeOffset _checkedUntil = checkedUntil;

    /// <summary>The pending rows neither in <paramref name="index"/> nor handed out (<paramref name="taken"/>), as of <paramref name="cutoff"/>.</summary>
    public async Task<List<(string Id, TaskState State)>> FindAsync(DispatchIndex index, TakenTasks taken, DateTimeOffset cutoff)
    {
        var stale = taken.Stale(cutoff);
        var unseen = cutoff > _checkedUntil ? await UnseenWrittenAsync(index, taken, cutoff) : [];
        var suspects = stale.Concat(unseen).ToList();
        var rows = suspects.Count > 0 ? await PendingTaskQuery.PendingAmongAsync(database, suspects) : [];
        taken.Forget(stale);

        // All own: taken from this index, or filtered below. A task put back twice is harmless: only its grain leases it.
        return rows.Where(r => !index.Contains(r.Id) && !taken.Contains(r.Id)).DistinctBy(r => r.Id).ToList();
    }

    /// <summary>Own pending rows written since the last check that memory neither indexes nor has handed out.</summary>
    private async Task<List<string>> UnseenWrittenAsync(DispatchIndex index, TakenTasks taken, DateTimeOffset cutoff)
    {
        var written = await PendingTaskQuery.PendingWrittenBetweenAsync(database, queue, _checkedUntil, cutoff);
        _checkedUntil = cutoff;
        return written.Where(id => isOwn(id) && !index.Contains(id) && !taken.Contains(id)).ToList();
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using Claw.Abstractions.Tasks;
using Claw.Grains.Slots;
using Claw.Grains.Storage;
using Claw.Grains.Tasks;

namespace Claw.Grains.Dispatch;

/// <summary>
/// The database's half of a concurrency lane's limit. A lane's grain (<see cref="ConcurrencyKeyGrain"/>) counts its
/// running tasks in memory, and for a moment after a silo's death two activations of it may each count apart and each
/// grant the last slot. So the write that leases a task also checks, in its own statement, that fewer than the limit
/// of each of its lanes' other tasks are leased in the table, under a lock per lane: the second lease is refused there.
/// </summary>
public static class LaneGuard
{
    private static readonly ConcurrentDictionary<string, string> Predicates = new(StringComparer.Ordinal);
    private static readonly string Pending = ClawTaskStatus.Pending.Wire();

    /// <summary>The guard of a write that leases a task with lanes, or null when the write leases nothing or the task has none.</summary>
    public static WriteGuard? Of(TaskState task, string? storedStatus)
    {
        if (task.Status != ClawTaskStatus.Assigned || storedStatus != Pending)
        {
            return null; // only the write that takes a pending task to a lease takes a slot (a reassignment keeps its own)
        }

        var lanes = task.Lanes();
        if (lanes.Count == 0)
        {
            return null;
        }

        var parameters = new List<(string, object?)>(lanes.Count * 2);
        var columns = new List<string>(lanes.Count);
        foreach (var (lane, limit) in lanes)
        {
            var (column, value) = ConcurrencyLanes.Selector(lane);
            columns.Add(column);
            parameters.Add((ValueName(parameters.Count), value));
            parameters.Add((ValueName(parameters.Count), limit));
        }

        return new WriteGuard(Predicate(columns), parameters, [.. lanes.Select(l => l.Lane)]);
    }

    /// <summary>One count per lane, by its column (a handful of texts in all, each built once).</summary>
    private static string Predicate(List<string> columns) => Predicates.GetOrAdd(string.Join(',', columns), _ => string.Join(" AND ", columns.Select((column, i) =>
        $"(SELECT count(*) FROM {TaskTable.Name} o WHERE o.{column} = {ValueName(2 * i)} AND o.status IN ({SlotLaneQueries.Leased}) AND o.id <> @id) < {ValueName((2 * i) + 1)}")));

    private static string ValueName(int i) => "@g" + i.ToString(CultureInfo.InvariantCulture);
}

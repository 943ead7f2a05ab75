using System.Collections.Concurrent;
using System.Globalization;
using Claw.Abstractions.Swarms;
using Claw.Abstractions.Tasks;
using Claw.Grains.Slots;
using Claw.Grains.Storage;
using Claw.Grains.Swarms;
using Claw.Grains.Tasks;

namespace Claw.Grains.Dispatch;

/// <summary>
/// The database's half of the slot lanes' limits: a task's concurrency key's, its queue's <c>max_concurrent</c> and its
/// swarm's (running, under <c>max_concurrent_tasks</c>). Each lane's grain counts its running tasks in memory
/// (<see cref="SlotLane"/>), and for a moment after a silo's death two activations of it may each count apart and each
/// grant the last slot. So the write that leases a task also checks, in its own statement, that each of its lanes has
/// room in the table, under a lock per lane: the lease that would pass a limit is refused there.
/// </summary>
public static class LaneGuard
{
    private const string Leased = SlotLaneQueries.Leased;

    private static readonly ConcurrentDictionary<string, string> Predicates = new(StringComparer.Ordinal);
    private static readonly string Pending = ClawTaskStatus.Pending.Wire();
    private static readonly string Running = SwarmStatus.Running.Wire();

    /// <summary>The guard of a write that leases a task with lanes, or null when the write leases nothing or the task has none.</summary>
    public static WriteGuard? Of(TaskState task, string? storedStatus)
    {
        if (task.Status != ClawTaskStatus.Assigned || storedStatus != Pending)
        {
            return null; // only the write that takes a pending task to a lease takes a slot (a reassignment keeps its own)
        }

        var lanes = task.Lanes();
        if (lanes.Count == 0 && task.SwarmId is null)
        {
            return null;
        }

        var parameters = new List<(string, object?)>((lanes.Count * 2) + 1);
        var kinds = new List<string>(lanes.Count + 1);
        var locks = new List<string>(lanes.Count + 1);
        foreach (var (lane, limit) in lanes)
        {
            var (column, value) = ConcurrencyLanes.Selector(lane);
            kinds.Add(column);
            parameters.Add((ValueName(parameters.Count), value));
            parameters.Add((ValueName(parameters.Count), limit));
            locks.Add(lane);
        }

        if (task.SwarmId is { } swarmId)
        {
            kinds.Add(SwarmTable.Name);
            parameters.Add((ValueName(parameters.Count), swarmId));
            locks.Add("swarm:" + swarmId);
        }

        return new WriteGuard(Predicate(kinds), parameters, locks);
    }

    /// <summary>One condition per lane, in the order of the parameters (a handful of texts in all, each built once).</summary>
    private static string Predicate(List<string> kinds) => Predicates.GetOrAdd(string.Join(',', kinds), _ =>
    {
        var parts = new List<string>(kinds.Count);
        var next = 0;
        foreach (var kind in kinds)
        {
            if (kind == SwarmTable.Name)
            {
                // A swarm nobody created runs its tasks under no rules; one that is not running, or full, takes none.
                var swarm = ValueName(next++);
                parts.Add($"NOT EXISTS (SELECT 1 FROM {SwarmTable.Name} s WHERE s.id = {swarm} AND (s.status <> '{Running}' OR s.max_concurrent <= "
                    + $"(SELECT count(*) FROM {TaskTable.Name} o WHERE o.swarm_id = {swarm} AND o.status IN ({Leased}) AND o.id <> @id)))");
            }
            else
            {
                var (value, limit) = (ValueName(next++), ValueName(next++));
                parts.Add($"(SELECT count(*) FROM {TaskTable.Name} o WHERE o.{kind} = {value} AND o.status IN ({Leased}) AND o.id <> @id) < {limit}");
            }
        }

        return string.Join(" AND ", parts);
    });

    private static string ValueName(int i) => "@g" + i.ToString(CultureInfo.InvariantCulture);
}

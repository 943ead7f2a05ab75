using Claw.Abstractions.Errors;
using Claw.Abstractions.Swarms;

namespace Claw.Grains.Swarms;

/// <summary>
/// A swarm's slot semaphore with parking: which of its tasks hold a slot (since when), which wait parked, and which
/// run next. Memory only, in a plain class: the swarm grain rebuilds it from the tasks table (<see cref="Heal"/>), so a
/// lost release or a dead silo cannot shrink the swarm for good.
/// </summary>
public sealed class SwarmSlots
{
    private readonly Dictionary<string, DateTimeOffset> _active = new(StringComparer.Ordinal);
    private readonly Queue<string> _parked = new();
    private readonly HashSet<string> _parkedIds = new(StringComparer.Ordinal);

    /// <summary>Tasks holding a slot.</summary>
    public int Active => _active.Count;

    /// <summary>Tasks turned away and waiting to be re-driven.</summary>
    public int Parked => _parked.Count;

    /// <summary>
    /// Whether <paramref name="taskId"/> may run now in a swarm that is <paramref name="status"/> with at most
    /// <paramref name="max"/> running tasks. Granted, it holds a slot from <paramref name="now"/>; paused or full, it is
    /// parked until a resume or a freed slot re-drives it; stopped, it never runs.
    /// </summary>
    public SlotGrant Acquire(string taskId, SwarmStatus status, int? max, DateTimeOffset now)
    {
        var grant = status switch
        {
            SwarmStatus.Stopped or SwarmStatus.Failed => SlotGrant.Stopped,
            SwarmStatus.Running when _active.ContainsKey(taskId) => SlotGrant.Granted,
            SwarmStatus.Running when max is { } limit && _active.Count >= limit => SlotGrant.Full,
            SwarmStatus.Running => SlotGrant.Granted,
            _ => SlotGrant.Paused, // paused, or still provisioning
        };
        if (grant == SlotGrant.Granted)
        {
            _active[taskId] = now;
        }
        else if (grant != SlotGrant.Stopped)
        {
            Park(taskId);
        }

        return grant;
    }

    /// <summary>Parks a task until a freed slot re-drives it, unless it waits parked already.</summary>
    public void Park(string taskId)
    {
        if (_parkedIds.Add(taskId))
        {
            _parked.Enqueue(taskId);
        }
    }

    /// <summary>Frees the task's slot; true when it held one (a parked task may run now).</summary>
    public bool Release(string taskId) => _active.Remove(taskId);

    /// <summary>
    /// Reconciles with the tasks the table shows leased: a slot whose release was lost is freed (unless granted within
    /// <paramref name="grace"/>, its lease perhaps not written yet), and a leased task this memory missed holds one until
    /// a heal no longer finds it leased.
    /// </summary>
    public void Heal(IReadOnlySet<string> leased, DateTimeOffset now, TimeSpan grace)
    {
        var settled = now - grace;
        foreach (var (taskId, grantedAt) in _active.ToList())
        {
            if (!leased.Contains(taskId) && grantedAt < settled)
            {
                _active.Remove(taskId);
            }
        }

        foreach (var taskId in leased)
        {
            _active.TryAdd(taskId, DateTimeOffset.MinValue); // its lease is written: no grace, the first heal that misses it frees it
        }
    }

    /// <summary>Unparks as many tasks as there are free slots under <paramref name="max"/> (all of them without a limit), oldest first.</summary>
    public List<string> UnparkToFill(int? max)
    {
        var free = max is { } limit ? limit - _active.Count : _parked.Count;
        var ids = new List<string>();
        while (ids.Count < free && _parked.TryDequeue(out var taskId))
        {
            _parkedIds.Remove(taskId);
            ids.Add(taskId);
        }

        return ids;
    }

    /// <summary>Unparks every parked task (a resume re-drives them all, a stop cancels them all).</summary>
    public List<string> UnparkAll()
    {
        var ids = _parked.ToList();
        _parked.Clear();
        _parkedIds.Clear();
        return ids;
    }

    /// <summary>The refusal an assign by hand meets when the swarm does not grant the slot.</summary>
    public static ClawException Refusal(SlotGrant grant, string swarmId) => grant switch
    {
        SlotGrant.Paused => ClawException.Conflict(ErrorCodes.SwarmPaused, $"Swarm '{swarmId}' is paused."),
        SlotGrant.Stopped => ClawException.Conflict(ErrorCodes.SwarmStopped, $"Swarm '{swarmId}' is stopped."),
        _ => ClawException.Conflict(ErrorCodes.NodeUnavailable, $"Swarm '{swarmId}' runs as many tasks as it may."),
    };
}

using Claw.Abstractions.Tasks;

namespace Claw.Grains.Queues;

/// <summary>
/// Whether a queue admits one more task of a priority under its <c>max_pending</c>. Each priority may fill the queue up
/// to its own ceiling, a share of <c>max_pending</c> (low 70 %, normal 80 %, high 90 %, critical all of it), so as a
/// queue fills, low submits are refused first and critical ones last, and the pending count never passes
/// <c>max_pending</c> by submits. The count is the pending rows the table showed at the last count, plus the tasks
/// admitted since that the count may not have seen (written later, or not yet); it can only be too high, never too low,
/// so no submit is over-admitted. The owner (one grain per queue) counts again when a refusal looms and the last count
/// is older than the recount interval: the count then drops as tasks leave pending.
/// </summary>
public sealed class QueueShedding(TimeSpan writeGrace)
{
    private readonly Dictionary<string, DateTimeOffset> _recent = new(StringComparer.Ordinal);
    private int _counted;

    /// <summary>When the table was last counted (null: never, or the settings changed since).</summary>
    public DateTimeOffset? CountedAt { get; private set; }

    /// <summary>Pending tasks as far as this owner knows: never fewer than there are.</summary>
    public int Estimate => _counted + _recent.Count;

    /// <summary>Tasks admitted since the last count that it did not see; the next count asks the table about them.</summary>
    public IReadOnlyCollection<string> RecentIds => _recent.Keys;

    /// <summary>How many pending tasks a submit of <paramref name="priority"/> may find and still be admitted below.</summary>
    public static int Ceiling(int maxPending, TaskPriority priority) => priority switch
    {
        TaskPriority.Critical => maxPending,
        _ => Math.Max(1, (int)Math.Ceiling(maxPending * Share(priority))),
    };

    /// <summary>
    /// True when the owner should count the table before deciding: never counted, or a refusal looms on an old count;
    /// for <paramref name="adding"/> tasks at once (a batch), as soon as the last of them would meet the ceiling.
    /// </summary>
    public bool NeedsCount(int maxPending, TaskPriority priority, DateTimeOffset now, TimeSpan recountInterval, int adding = 1) =>
        CountedAt is not { } countedAt || (Estimate + adding - 1 >= Ceiling(maxPending, priority) && now - countedAt >= recountInterval);

    /// <summary>
    /// A count of the table's pending rows that began at <paramref name="startedAt"/>, after the owner asked which of
    /// <see cref="RecentIds"/> exist (<paramref name="written"/>): those were written before the count began, so it holds
    /// them if they are still pending. Admissions the table has not shown are kept while the write grace lasts.
    /// </summary>
    public void Counted(int pending, IReadOnlySet<string> written, DateTimeOffset startedAt)
    {
        _counted = pending;
        CountedAt = startedAt;
        var lapsed = startedAt - writeGrace;
        foreach (var (id, admittedAt) in _recent.ToList())
        {
            if (written.Contains(id) || admittedAt < lapsed)
            {
                _recent.Remove(id); // counted by the table (or left it already), or its write never happened
            }
        }
    }

    /// <summary>The settings changed: the next decision counts the table afresh.</summary>
    public void Forget() => CountedAt = null;

    /// <summary>Admits <paramref name="taskId"/> when the count is below its priority's ceiling (the answer is then null); else the ceiling it met.</summary>
    public int? Admit(string taskId, int maxPending, TaskPriority priority, DateTimeOffset now)
    {
        var ceiling = Ceiling(maxPending, priority);
        if (!_recent.ContainsKey(taskId) && Estimate >= ceiling)
        {
            return ceiling;
        }

        _recent[taskId] = now; // a repeated submit of one task counts once
        return null;
    }

    /// <summary>
    /// Admits every one of <paramref name="tasks"/> in order, as <see cref="Admit"/> would one after another, or none:
    /// at the first refusal the ones admitted here are forgotten again, and the answer is the ceiling it met with the
    /// priority of the task that met it.
    /// </summary>
    public (int Ceiling, TaskPriority Priority)? AdmitAll(IReadOnlyList<(string TaskId, TaskPriority Priority)> tasks, int maxPending, DateTimeOffset now)
    {
        var added = new List<string>(tasks.Count);
        foreach (var (taskId, priority) in tasks)
        {
            var known = _recent.ContainsKey(taskId);
            if (Admit(taskId, maxPending, priority, now) is { } ceiling)
            {
                added.ForEach(id => _recent.Remove(id));
                return (ceiling, priority);
            }

            if (!known)
            {
                added.Add(taskId);
            }
        }

        return null;
    }

    private static double Share(TaskPriority priority) => priority switch
    {
        TaskPriority.Low => 0.7,
        TaskPriority.Normal => 0.8,
        _ => 0.9,
    };
}

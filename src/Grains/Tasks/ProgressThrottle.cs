namespace Claw.Grains.Tasks;

/// <summary>
/// Progress is written at most once per <c>interval</c> per task: a report that comes sooner after the last write is
/// kept in memory (the task answers it at once) and written when the interval has passed, by a timer or by any other
/// write of the task, whichever comes first; so the latest report is never lost to the coalescing.
/// </summary>
public sealed class ProgressThrottle(TimeSpan interval)
{
    private DateTimeOffset? _lastWrite;

    /// <summary>True while a report waits in memory for its write.</summary>
    public bool Pending { get; private set; }

    /// <summary>When the waiting report is written.</summary>
    public DateTimeOffset FlushAt => (_lastWrite ?? DateTimeOffset.MinValue) + interval;

    /// <summary>True when a report at <paramref name="now"/> is written at once; false when it waits (see <see cref="Pending"/>).</summary>
    public bool WriteNow(DateTimeOffset now)
    {
        if (interval <= TimeSpan.Zero || _lastWrite is not { } last || now - last >= interval)
        {
            return true;
        }

        Pending = true;
        return false;
    }

    /// <summary>The task was written at <paramref name="now"/>, with whatever progress it held.</summary>
    public void Written(DateTimeOffset now)
    {
        _lastWrite = now;
        Pending = false;
    }
}

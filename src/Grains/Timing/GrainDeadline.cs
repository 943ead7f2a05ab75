namespace Claw.Grains.Timing;

/// <summary>
/// How every grain keeps a deadline: a grain timer is the precise trigger while the grain is active, and a reminder is
/// the durable backstop that brings the grain back after its silo died. Both lead to the grain's own check, which
/// reconciles from the persisted deadline (never from counting ticks), so a timer that fires early or twice is harmless.
/// The reminder period is clamped here, once, to the shortest Orleans accepts.
/// </summary>
/// <param name="reminderName">The backstop reminder; null when another grain's sweep is the backstop (a lease's deadline).</param>
public sealed class GrainDeadline(Grain grain, string? reminderName, TimeSpan minimumReminderPeriod, TimeProvider time, Func<Task> check)
{
    /// <summary>Grain timers cannot wait for ever; a far deadline is checked after this, and the check arms the timer again.</summary>
    public static readonly TimeSpan MaxTimerDue = TimeSpan.FromHours(1);

    private IGrainTimer? _timer;

    /// <summary>The one clamp: a backstop reminder fires every <paramref name="wanted"/>, but never more often than Orleans allows.</summary>
    public static TimeSpan ReminderPeriod(TimeSpan wanted, TimeSpan minimum) => wanted > minimum ? wanted : minimum;

    /// <summary>How long a timer for a deadline <paramref name="wait"/> away waits: not less than nothing, not more than <see cref="MaxTimerDue"/>.</summary>
    public static TimeSpan TimerDue(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxTimerDue ? MaxTimerDue : wait;

    /// <summary>Checks once at <paramref name="at"/> (at once when it has passed), keeping the grain active meanwhile.</summary>
    public void CheckAt(DateTimeOffset at)
    {
        StopTimer();
        _timer = grain.RegisterGrainTimer(
            _ => check(),
            new GrainTimerCreationOptions(TimerDue(at - time.GetUtcNow()), Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    /// <summary>Checks every <paramref name="period"/> while the grain is active; nothing changes when the timer runs already.</summary>
    public void CheckEvery(TimeSpan period, bool keepAlive = false) =>
        _timer ??= grain.RegisterGrainTimer(_ => check(), new GrainTimerCreationOptions(period, period) { KeepAlive = keepAlive });

    /// <summary>Registers (or moves) the backstop: every <paramref name="period"/>, the first one after <paramref name="due"/> (one period by default).</summary>
    public Task BackstopAsync(TimeSpan period, TimeSpan? due = null)
    {
        var every = ReminderPeriod(period, minimumReminderPeriod);
        return grain.RegisterOrUpdateReminder(ReminderName, due is { } first ? (first > TimeSpan.Zero ? first : TimeSpan.Zero) : every, every);
    }

    public void StopTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }

    /// <summary>Stops the timer and unregisters the backstop; nothing to do for what is not there.</summary>
    public async Task StopAsync()
    {
        StopTimer();
        if (reminderName is not null && await grain.GetReminder(reminderName) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }

    private string ReminderName => reminderName ?? throw new InvalidOperationException("This deadline has no backstop reminder.");
}

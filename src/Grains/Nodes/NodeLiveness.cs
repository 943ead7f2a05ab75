namespace Claw.Grains.Nodes;

/// <summary>
/// Whether a node is alive: any sign of life (a heartbeat, a poll, a session frame) moves <see cref="LastSeen"/>, and a
/// node silent for <c>crash_after</c> is crashed. A node blocked in a long poll is alive however long it waits. Beats
/// live in memory only; a fresh activation grants a full <c>crash_after</c> from its start.
/// </summary>
public sealed class NodeLiveness(DateTimeOffset activatedAt)
{
    private int _pollsInFlight;

    public DateTimeOffset LastSeen { get; private set; } = activatedAt;

    /// <summary>How often the grain timer checks: a quarter of <c>crash_after</c>, so a crash is seen within 1.25 of it.</summary>
    public static TimeSpan CheckPeriod(TimeSpan crashAfter) => crashAfter / 4 > MinimumCheck ? crashAfter / 4 : MinimumCheck;

    /// <summary>How often the backstop reminder checks after a silo died (clamped by Orleans' minimum when registered).</summary>
    public static TimeSpan BackstopPeriod(TimeSpan crashAfter) => crashAfter / 2;

    private static TimeSpan MinimumCheck => TimeSpan.FromMilliseconds(100);

    public void Seen(DateTimeOffset now) => LastSeen = now;

    public void PollStarted() => _pollsInFlight++;

    public void PollEnded() => _pollsInFlight--;

    /// <summary>The silence when it reached <paramref name="crashAfter"/> (the node crashed); null while it is alive.</summary>
    public TimeSpan? Crashed(DateTimeOffset now, TimeSpan crashAfter)
    {
        if (_pollsInFlight > 0)
        {
            LastSeen = now; // waiting in a poll is a sign of life
        }

        var silence = now - LastSeen;
        return silence >= crashAfter ? silence : null;
    }
}

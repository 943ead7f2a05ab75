namespace Claw.Grains.Callbacks;

/// <summary>
/// When a failed delivery is tried again: after <c>min(first · 2^(attempts-1), max)</c> less a random fifth (so the
/// deliveries of one outage do not return at one moment), never past the end of its retry window, where it has one
/// last try; after that it is given up.
/// </summary>
public static class CallbackSchedule
{
    public const double Jitter = 0.2;

    /// <summary>The next attempt's time after <paramref name="attempts"/> failed ones, or null when the window is over.</summary>
    public static DateTimeOffset? Next(int attempts, DateTimeOffset createdAt, DateTimeOffset now, CallbackOptions options, double roll)
    {
        var giveUpAt = createdAt + options.RetryFor;
        if (now >= giveUpAt)
        {
            return null;
        }

        var seconds = options.FirstDelay.TotalSeconds * Math.Pow(2, Math.Max(0, attempts - 1));
        var delay = Math.Min(double.IsFinite(seconds) ? seconds : double.MaxValue, options.MaxDelay.TotalSeconds) * (1 - Jitter * Math.Clamp(roll, 0, 1));
        var next = now + TimeSpan.FromSeconds(delay);
        return next < giveUpAt ? next : giveUpAt;
    }
}

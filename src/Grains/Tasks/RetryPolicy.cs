using Claw.Abstractions.Tasks;

namespace Claw.Grains.Tasks;

/// <summary>When a failed attempt may run again.</summary>
public static class RetryPolicy
{
    /// <summary>
    /// <c>min(initial · multiplier^(attempt-1), max)</c> seconds after the attempt that failed, less a random share:
    /// <paramref name="roll"/> (uniform in 0..1) times <see cref="RetryBackoff.Jitter"/> of it. A jitter of 1 is full
    /// jitter (anywhere from nothing to the whole delay), 0 the exact delay; a roll of 0 always gives the longest delay.
    /// </summary>
    public static TimeSpan Delay(RetryBackoff backoff, int failedAttempt, double roll = 0)
    {
        var seconds = backoff.InitialSeconds * Math.Pow(backoff.Multiplier, Math.Max(0, failedAttempt - 1));
        var longest = Math.Clamp(double.IsFinite(seconds) ? seconds : backoff.MaxSeconds, 0, backoff.MaxSeconds);
        var share = Math.Clamp(backoff.Jitter, 0, 1) * Math.Clamp(roll, 0, 1);
        return TimeSpan.FromSeconds(longest * (1 - share));
    }
}

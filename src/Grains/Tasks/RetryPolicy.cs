using Claw.Abstractions.Tasks;

namespace Claw.Grains.Tasks;

/// <summary>When a failed attempt may run again.</summary>
public static class RetryPolicy
{
    /// <summary><c>min(initial · multiplier^(attempt-1), max)</c> seconds after the attempt that failed.</summary>
    public static TimeSpan Delay(RetryBackoff backoff, int failedAttempt)
    {
        var seconds = backoff.InitialSeconds * Math.Pow(backoff.Multiplier, Math.Max(0, failedAttempt - 1));
        return TimeSpan.FromSeconds(Math.Clamp(double.IsFinite(seconds) ? seconds : backoff.MaxSeconds, 0, backoff.MaxSeconds));
    }
}

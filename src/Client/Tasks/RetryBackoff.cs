namespace Claw.Client.Tasks;

/// <summary>How long a failed task waits before its next attempt: <c>min(initial · multiplier^(attempt−1), max)</c> seconds, with jitter.</summary>
public sealed record RetryBackoff(double? InitialSeconds = null, double? Multiplier = null, double? MaxSeconds = null, double? Jitter = null);

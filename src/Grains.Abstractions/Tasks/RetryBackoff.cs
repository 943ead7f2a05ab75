namespace Claw.Abstractions.Tasks;

/// <summary>
/// Retry delay: <c>min(initial · multiplier^(attempt-1), max)</c> seconds, of which a random share up to
/// <see cref="Jitter"/> (0..1, the full-jitter fraction) is taken off, so failures at one moment do not retry at one moment.
/// </summary>
[GenerateSerializer, Immutable, Alias("claw.retry-backoff")]
public sealed record RetryBackoff(
    [property: Id(0)] double InitialSeconds = TaskDefaults.BackoffInitialSeconds,
    [property: Id(1)] double Multiplier = TaskDefaults.BackoffMultiplier,
    [property: Id(2)] double MaxSeconds = TaskDefaults.BackoffMaxSeconds,
    [property: Id(3)] double Jitter = TaskDefaults.BackoffJitter)
{
    public static readonly RetryBackoff Default = new();
}

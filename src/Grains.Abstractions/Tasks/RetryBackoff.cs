namespace Claw.Abstractions.Tasks;

/// <summary>Retry delay: <c>min(initial · multiplier^(attempt-1), max)</c> seconds.</summary>
[GenerateSerializer, Immutable, Alias("claw.retry-backoff")]
public sealed record RetryBackoff(
    [property: Id(0)] double InitialSeconds = TaskDefaults.BackoffInitialSeconds,
    [property: Id(1)] double Multiplier = TaskDefaults.BackoffMultiplier,
    [property: Id(2)] double MaxSeconds = TaskDefaults.BackoffMaxSeconds)
{
    public static readonly RetryBackoff Default = new();
}

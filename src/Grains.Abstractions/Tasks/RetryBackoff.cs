namespace Claw.Abstractions.Tasks;

/// <summary>Retry delay: <c>min(initial · multiplier^(attempt-1), max)</c> seconds.</summary>
[GenerateSerializer, Immutable, Alias("claw.retry-backoff")]
public sealed record RetryBackoff(
    [property: Id(0)] double InitialSeconds = 30,
    [property: Id(1)] double Multiplier = 2.0,
    [property: Id(2)] double MaxSeconds = 3600)
{
    public static readonly RetryBackoff Default = new();
}

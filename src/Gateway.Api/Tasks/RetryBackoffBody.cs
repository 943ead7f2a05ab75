using Claw.Abstractions.Tasks;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Tasks;

/// <summary>Retry backoff on the wire; defaults 30 s × 2.0, at most 3600 s, a random fifth taken off (<c>jitter</c> 0.2).</summary>
public sealed record RetryBackoffBody(double? InitialSeconds, double? Multiplier, double? MaxSeconds, double? Jitter = null)
{
    public void Validate(ValidationErrors errors, string field) => errors
        .Require(InitialSeconds is null or (>= 0 and <= 86_400), $"{field}.initial_seconds", "Between 0 and 86400.")
        .Require(Multiplier is null or (>= 1 and <= 100), $"{field}.multiplier", "Between 1 and 100.")
        .Require(MaxSeconds is null or (>= 0 and <= 86_400), $"{field}.max_seconds", "Between 0 and 86400.")
        .Require(Jitter is null or (>= 0 and <= 1), $"{field}.jitter", "Between 0 and 1: the share of each delay that is random.");

    public RetryBackoff ToBackoff() => new(
        InitialSeconds ?? TaskDefaults.BackoffInitialSeconds, Multiplier ?? TaskDefaults.BackoffMultiplier, MaxSeconds ?? TaskDefaults.BackoffMaxSeconds,
        Jitter ?? TaskDefaults.BackoffJitter);

    public static RetryBackoffBody From(RetryBackoff b) => new(b.InitialSeconds, b.Multiplier, b.MaxSeconds, b.Jitter);
}

using Claw.Abstractions.Tasks;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Tasks;

/// <summary>Retry backoff on the wire; defaults 30 s × 2.0, at most 3600 s.</summary>
public sealed record RetryBackoffBody(double? InitialSeconds, double? Multiplier, double? MaxSeconds)
{
    public void Validate(ValidationErrors errors, string field) => errors
        .Require(InitialSeconds is null or (>= 0 and <= 86_400), $"{field}.initial_seconds", "Between 0 and 86400.")
        .Require(Multiplier is null or (>= 1 and <= 100), $"{field}.multiplier", "Between 1 and 100.")
        .Require(MaxSeconds is null or (>= 0 and <= 86_400), $"{field}.max_seconds", "Between 0 and 86400.");

    public RetryBackoff ToBackoff() => new(
        InitialSeconds ?? TaskDefaults.BackoffInitialSeconds, Multiplier ?? TaskDefaults.BackoffMultiplier, MaxSeconds ?? TaskDefaults.BackoffMaxSeconds);

    public static RetryBackoffBody From(RetryBackoff b) => new(b.InitialSeconds, b.Multiplier, b.MaxSeconds);
}

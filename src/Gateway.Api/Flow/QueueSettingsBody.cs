using System.Collections.Immutable;
using Claw.Abstractions.Queues;
using Claw.Gateway.Tasks;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Flow;

/// <summary>Body of <c>PUT /queues/{name}</c>: the queue's settings, replaced whole (a field left out is unset).</summary>
public sealed record QueueSettingsBody(
    int? MaxPending,
    int? DefaultTtlSeconds,
    int? MaxConcurrent,
    List<string>? NonRetriableCodes,
    bool? Paused) : IValidatable
{
    public const int MaxPendingLimit = 10_000_000;

    public void Validate(ValidationErrors errors)
    {
        errors.Require(MaxPending is null or (>= 1 and <= MaxPendingLimit), "max_pending", $"Between 1 and {MaxPendingLimit}.")
            .Require(DefaultTtlSeconds is null or (>= 1 and <= SubmitTaskRequest.MaxTtlSeconds), "default_ttl_seconds", $"Between 1 and {SubmitTaskRequest.MaxTtlSeconds}.")
            .Require(MaxConcurrent is null or (>= 1 and <= SubmitTaskRequest.MaxConcurrencyLimit), "max_concurrent", $"Between 1 and {SubmitTaskRequest.MaxConcurrencyLimit}.");
        FailureCodes.Check(errors, "non_retriable_codes", NonRetriableCodes);
    }

    public QueueSettings ToSettings() => new(
        MaxPending, DefaultTtlSeconds, MaxConcurrent, NonRetriableCodes?.Distinct(StringComparer.Ordinal).ToImmutableArray() ?? [], Paused ?? false);
}

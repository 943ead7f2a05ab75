using System.Collections.Immutable;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Tasks;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Nodes;

/// <summary>Body of <c>POST /nodes/{id}/poll</c>.</summary>
public sealed record PollBody(List<string>? Queues, int? MaxTasks, int? WaitSeconds) : IValidatable
{
    public const int MaxWaitSeconds = 30;
    public const int MaxTasksLimit = 100;

    /// <summary>The most queues one poll or one control channel serves.</summary>
    public const int MaxQueues = 32;

    /// <summary>The longest single grain call of a long poll (below Orleans' 30 s response timeout).</summary>
    public const int SliceSeconds = 20;

    public void Validate(ValidationErrors errors)
    {
        errors.Require(WaitSeconds is null or (>= 0 and <= MaxWaitSeconds), "wait_seconds", $"Between 0 and {MaxWaitSeconds}.")
            .Require(MaxTasks is null or (>= 1 and <= MaxTasksLimit), "max_tasks", $"Between 1 and {MaxTasksLimit}.")
            .Require(Queues is null || (Queues.Count > 0 && AreServable(Queues)), "queues", $"1–{MaxQueues} queue names: " + Validation.Queues.Rule);
    }

    /// <summary>The rule of the queues one poll or control channel serves: at most <see cref="MaxQueues"/> valid names.</summary>
    public static bool AreServable(IReadOnlyCollection<string> queues) => queues.Count <= MaxQueues && queues.All(Validation.Queues.IsValid);

    public PollRequest ToRequest(TimeSpan wait) =>
        new(Queues?.Distinct(StringComparer.Ordinal).ToImmutableArray() ?? [TaskDefaults.Queue], MaxTasks ?? 1, wait);
}

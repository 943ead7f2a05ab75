using Claw.Abstractions.Tasks;
using Claw.Gateway.Validation;

namespace Claw.Gateway.Tasks;

/// <summary><c>POST /tasks/retry</c>: which dead letters (failed tasks) go back to pending, oldest failure first, at most <c>limit</c>.</summary>
public sealed record BulkRetryRequest(string? Queue, string? SwarmId, string? WorkflowId, DateTimeOffset? FailedSince, int? Limit, string? Reason) : IValidatable
{
    public const int DefaultLimit = 1000;
    public const int MaxLimit = 10_000;

    public void Validate(ValidationErrors errors) => errors
        .Require(Queue is null || Queues.IsValid(Queue), "queue", Queues.Rule)
        .Require(SwarmId is null || Ids.IsValid(SwarmId), "swarm_id", Ids.Rule)
        .Require(WorkflowId is null || Ids.IsValid(WorkflowId), "workflow_id", Ids.Rule)
        .Require(Limit is null or (>= 1 and <= MaxLimit), "limit", $"Between 1 and {MaxLimit}.")
        .Require(Reason is null || (Reason.Length <= 1000 && !Reason.Any(char.IsControl)), "reason", "At most 1000 printable characters.");

    public DeadLetterQuery Page(int size, string? cursor) => new(Queue, SwarmId, WorkflowId, FailedSince, size, cursor, Reason ?? "bulk retry");
}

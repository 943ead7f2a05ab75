namespace Claw.Client.Tasks;

/// <summary>The body of <c>POST /tasks/retry</c>: which failed tasks go back to pending (at most <see cref="Limit"/>).</summary>
public sealed record BulkRetryRequest(
    string? Queue = null, string? SwarmId = null, string? WorkflowId = null, DateTimeOffset? FailedSince = null, int? Limit = null, string? Reason = null);

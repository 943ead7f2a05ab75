using Claw.Abstractions.Tasks;

namespace Claw.Gateway.Tasks;

/// <summary>One timeline entry.</summary>
/// <remarks>
/// A failure carries its <c>category</c> (<c>retriable</c> or <c>permanent</c>) and the holder's <c>error_code</c>;
/// <c>by</c> is the principal whose call caused the entry (null: the cluster itself).
/// </remarks>
public sealed record TaskEventResponse(
    string Type, DateTimeOffset At, int Attempt, string? NodeId, string? LeaseId, string? CorrelationId, string? Detail, string? Category, string? ErrorCode, string? By)
{
    public static TaskEventResponse From(TaskEvent e) => new(e.Type, e.At, e.Attempt, e.NodeId, e.LeaseId, e.CorrelationId, e.Detail, e.Category, e.ErrorCode, e.By);
}

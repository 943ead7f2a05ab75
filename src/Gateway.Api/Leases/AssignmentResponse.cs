using System.Text.Json;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Tasks;
using Claw.Gateway.Http;

namespace Claw.Gateway.Leases;

/// <summary>An assignment on the wire: what <c>poll</c> answers and <c>task_assigned</c> carries.</summary>
public sealed record AssignmentResponse(
    string TaskId, string LeaseId, string LeaseToken, DateTimeOffset ExpiresAt, int Attempt, string Queue, string? Type, TaskPriority Priority,
    JsonElement? TaskPayload, string CorrelationId)
{
    public static AssignmentResponse From(Assignment a) =>
        new(a.TaskId, a.LeaseId, a.LeaseToken, a.ExpiresAt, a.Attempt, a.Queue, a.Type, a.Priority, ClawJson.Raw(a.TaskPayloadJson), a.CorrelationId);
}

using System.Text.Json;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Tasks;
using Claw.Gateway.Http;

namespace Claw.Gateway.Leases;

/// <summary>A lease on the wire (API.md "Leases").</summary>
public sealed record LeaseResponse(string Id, string TaskId, string NodeId, string Token, int Attempt, LeaseStatus Status, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, int Renewals)
{
    public static LeaseResponse From(LeaseView l) => new(l.Id, l.TaskId, l.NodeId, l.Token, l.Attempt, l.Status, l.IssuedAt, l.ExpiresAt, l.Renewals);
}

/// <summary>An assignment on the wire: what <c>poll</c> answers and <c>task_assigned</c> carries.</summary>
public sealed record AssignmentResponse(
    string TaskId, string LeaseId, string LeaseToken, DateTimeOffset ExpiresAt, int Attempt, string Queue, string? Type, TaskPriority Priority,
    JsonElement? TaskPayload, string CorrelationId)
{
    public static AssignmentResponse From(Assignment a) =>
        new(a.TaskId, a.LeaseId, a.LeaseToken, a.ExpiresAt, a.Attempt, a.Queue, a.Type, a.Priority, ClawJson.Raw(a.TaskPayloadJson), a.CorrelationId);
}

/// <summary>Body of the lease calls: the token, and for complete/fail the outcome.</summary>
public sealed record LeaseActionRequest(string? Token, JsonElement? Result, string? Error, bool? Retriable);

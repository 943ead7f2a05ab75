using System.Text.Json;

namespace Claw.Client.Nodes;

/// <summary>A lease handed to a node: what <c>poll</c> answers and the <c>task_assigned</c> frame carries.</summary>
public sealed record Assignment(
    string TaskId, string LeaseId, string LeaseToken, DateTimeOffset ExpiresAt, int Attempt, string Queue, string? Type, string Priority,
    JsonElement? TaskPayload, string CorrelationId);

using System.Text.Json;

namespace Claw.Client.Events;

/// <summary>One event of the cluster-wide timeline (<c>task.completed</c>, <c>node.online</c>, …); <see cref="Id"/> orders events.</summary>
public sealed record ClawEvent(
    long Id, string Type, DateTimeOffset At, string? TaskId, string? NodeId, string? WorkflowId, string? SwarmId, string? Queue, int? Attempt,
    string? CorrelationId, string? Detail, JsonElement? Data);

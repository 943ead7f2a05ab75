namespace Claw.Grains.Events;

/// <summary>
/// One state change on its way into the events table, written in the same transaction as the change itself. The
/// table of the grain that wrote it fills in its own key (a task's id, a node's id) as it writes.
/// </summary>
public sealed record OutboxEvent(
    string Type,
    DateTimeOffset At,
    string? TaskId = null,
    string? NodeId = null,
    string? WorkflowId = null,
    string? SwarmId = null,
    string? Queue = null,
    int? Attempt = null,
    string? CorrelationId = null,
    string? Detail = null,
    string? DataJson = null);

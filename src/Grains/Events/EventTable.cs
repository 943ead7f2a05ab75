using Claw.Grains.Storage;

namespace Claw.Grains.Events;

/// <summary>
/// <c>claw_events</c>: the cluster-wide timeline, one row per state change, each written in the transaction of the
/// change itself. <c>seq</c> (assigned by the database) orders it and is the SSE event id.
/// </summary>
public static class EventTable
{
    public const string Name = "claw_events";

    public static readonly CompanionTable Companion = new(
        Name,
        new("at", CompanionType.Integer),
        new("type"),
        new("task_id"),
        new("node_id"),
        new("workflow_id"),
        new("swarm_id"),
        new("queue"),
        new("attempt", CompanionType.Integer),
        new("correlation_id"),
        new("detail"),
        new("data", CompanionType.Json));

    /// <summary>The rows of <paramref name="events"/>, each completed by <paramref name="withKey"/> (the writing grain's own id).</summary>
    public static CompanionRows Rows(IEnumerable<OutboxEvent> events, Func<OutboxEvent, OutboxEvent> withKey) =>
        Companion.Rows([.. events.Select(withKey).Select(Row)]);

    private static object?[] Row(OutboxEvent e) =>
    [
        e.At.ToUnixTimeMilliseconds(), e.Type, e.TaskId, e.NodeId, e.WorkflowId, e.SwarmId, e.Queue, (long?)e.Attempt,
        e.CorrelationId, e.Detail, e.DataJson,
    ];
}

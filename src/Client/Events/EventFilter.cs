namespace Claw.Client.Events;

/// <summary>
/// The filters of the timeline and the event stream: ids, and <see cref="Types"/> (a type such as <c>task.failed</c>, or a
/// family, <c>task.*</c>), between <see cref="Since"/> and <see cref="Until"/>.
/// </summary>
public sealed record EventFilter(
    string? TaskId = null, string? NodeId = null, string? WorkflowId = null, string? SwarmId = null, IReadOnlyList<string>? Types = null,
    DateTimeOffset? Since = null, DateTimeOffset? Until = null)
{
    internal Http.Query ToQuery() => new Http.Query().With("task_id", TaskId).With("node_id", NodeId).With("workflow_id", WorkflowId)
        .With("swarm_id", SwarmId).With("event_type", Types is { Count: > 0 } ? string.Join(",", Types) : null).With("since", Since).With("until", Until);
}

using Claw.Abstractions.Tasks;
using Claw.Grains.Callbacks;
using Claw.Grains.Dispatch;
using Claw.Grains.Events;
using Claw.Grains.Storage;

namespace Claw.Grains.Tasks;

/// <summary>
/// Tasks live in <c>claw_tasks</c>: the JSON document plus real columns for the list endpoints, the dispatch-index
/// rebuild (pending by queue) and the lease sweep (leased with a past deadline). A write carries the task's new
/// timeline events into <c>claw_events</c> and, when it ends a task that has a <c>callback_url</c>, the delivery it
/// owes into <c>claw_callbacks</c>: both commit with the state change or not at all.
/// </summary>
public sealed class TaskTable(TimeProvider time) : StateTable<TaskState>
{
    public const string Name = "claw_tasks";

    private static readonly StateColumn[] Definition =
    [
        new("queue"), new("status"), new("priority"), new("available_at"), new("node_id"), new("lease_id"),
        new("lease_expires_at", IsInteger: true), new("workflow_id"), new("swarm_id"), new("dispatch"), new("created_at"), new("updated_at"),
        new("expires_at", IsInteger: true), new("concurrency_key"),
    ];

    private readonly StoredStatuses<TaskState> _stored = new();

    public override string Table => Name;

    public override IReadOnlyList<StateColumn> Columns => Definition;

    protected override object?[] Values(TaskState state) =>
    [
        state.Queue,
        state.Status.Wire(),
        (int)state.Priority,
        state.AvailableAt.ToUnixTimeMilliseconds(),
        state.NodeId,
        state.LeaseId,
        state.LeaseExpiresAt?.ToUnixTimeMilliseconds(),
        state.WorkflowId,
        state.SwarmId,
        state.Dispatch == DispatchMode.Manual ? "manual" : "auto",
        state.CreatedAt.ToUnixTimeMilliseconds(),
        state.UpdatedAt.ToUnixTimeMilliseconds(),
        state.ExpiresAt?.ToUnixTimeMilliseconds(),
        state.ConcurrencyKey,
    ];

    protected override IEnumerable<CompanionRows> Companions(TaskState state, string rowId, StateWrite write, string? document)
    {
        var events = state.Outbox.Take();
        if (write == StateWrite.Delete)
        {
            events.Add(new OutboxEvent(TaskEvents.EventPrefix + "deleted", time.GetUtcNow(), Queue: state.Queue, CorrelationId: state.CorrelationId));
        }

        yield return EventTable.Rows(events, e => e with { TaskId = rowId });
        if (document is not null && state.Callback is { } callback && CallbackTable.IsOwed(_stored.Of(state), state.Status))
        {
            yield return CallbackTable.Row(rowId, callback.Url, TaskEvents.EventPrefix + state.Status.Wire(), document, state.UpdatedAt);
        }
    }

    /// <summary>A lease of a task with concurrency lanes is written only while each lane has room in the table (<see cref="LaneGuard"/>).</summary>
    protected override WriteGuard? Guard(TaskState state) => LaneGuard.Of(state, _stored.Of(state));

    protected override void Stored(TaskState state) => _stored.Remember(state, state.Status.Wire());
}

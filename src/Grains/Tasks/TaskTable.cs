using Claw.Abstractions.Tasks;
using Claw.Grains.Storage;

namespace Claw.Grains.Tasks;

/// <summary>
/// Tasks live in <c>claw_tasks</c>: the JSON document plus real columns for the list endpoints, the dispatch-index
/// rebuild (pending by queue) and the lease sweep (leased with a past deadline).
/// </summary>
public sealed class TaskTable : StateTable<TaskState>
{
    public const string Name = "claw_tasks";

    private static readonly StateColumn[] Definition =
    [
        new("queue"), new("status"), new("priority"), new("available_at"), new("node_id"), new("lease_id"),
        new("lease_expires_at"), new("workflow_id"), new("swarm_id"), new("dispatch"), new("created_at"), new("updated_at"),
    ];

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
    ];
}

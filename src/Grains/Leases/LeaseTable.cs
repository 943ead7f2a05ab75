using Claw.Grains.Storage;

namespace Claw.Grains.Leases;

/// <summary>Leases live in <c>claw_leases</c>; a node's active leases are found by an indexed query on activation.</summary>
public sealed class LeaseTable : StateTable<LeaseState>
{
    public const string Name = "claw_leases";

    private static readonly StateColumn[] Definition = [new("task_id"), new("node_id"), new("status"), new("expires_at")];

    public override string Table => Name;

    public override IReadOnlyList<StateColumn> Columns => Definition;

    protected override object?[] Values(LeaseState state) =>
        [state.TaskId, state.NodeId, state.Status.Wire(), state.ExpiresAt.ToUnixTimeMilliseconds()];
}

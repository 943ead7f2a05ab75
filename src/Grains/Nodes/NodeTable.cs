using Claw.Grains.Events;
using Claw.Grains.Storage;

namespace Claw.Grains.Nodes;

/// <summary>
/// Nodes live in <c>claw_nodes</c>, with the columns <c>GET /nodes</c> filters and pages on; each status change is a
/// <c>node.*</c> event written with it, and so is each breaker that opens or closes. <c>breakers_tripped</c>
/// counts the node's breakers not closed (the monitoring status sums it).
/// </summary>
public sealed class NodeTable(TimeProvider time) : StatusEventTable<NodeState>(time)
{
    public const string Name = "claw_nodes";

    private static readonly StateColumn[] Definition =
    [
        new("name"), new("status"), new("swarm_id"), new("capabilities", IsJson: true), new("created_at"), new("updated_at"),
        new("breakers_tripped"),
    ];

    public override string Table => Name;

    public override IReadOnlyList<StateColumn> Columns => Definition;

    protected override object?[] Values(NodeState state) =>
    [
        state.Name,
        state.Status.Wire(),
        state.SwarmId,
        StateJson.Serialize(state.Capabilities),
        state.CreatedAt.ToUnixTimeMilliseconds(),
        state.UpdatedAt.ToUnixTimeMilliseconds(),
        state.Breakers.Values.Count(b => b.State != Abstractions.Nodes.BreakerState.Closed),
    ];

    protected override string Kind => StatusEvents.Node;

    /// <summary>Status changes, and the breaker events the node's state holds (<c>node.breaker_opened</c>, <c>node.breaker_closed</c>).</summary>
    protected override IEnumerable<CompanionRows> Companions(NodeState state, string rowId, StateWrite write, string? document)
    {
        foreach (var rows in base.Companions(state, rowId, write, document))
        {
            yield return rows;
        }

        yield return EventTable.Rows(state.Outbox.Take(), e => Keyed(e, state, rowId));
    }

    protected override string StatusOf(NodeState state) => state.Status.Wire();

    protected override OutboxEvent Keyed(OutboxEvent change, NodeState state, string rowId) => change with { NodeId = rowId, SwarmId = state.SwarmId };
}

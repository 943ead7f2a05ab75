using Claw.Grains.Storage;

namespace Claw.Grains.Nodes;

/// <summary>Nodes live in <c>claw_nodes</c>, with the columns <c>GET /nodes</c> filters and pages on.</summary>
public sealed class NodeTable : StateTable<NodeState>
{
    public const string Name = "claw_nodes";

    private static readonly StateColumn[] Definition =
    [
        new("name"), new("status"), new("swarm_id"), new("capabilities", IsJson: true), new("created_at"), new("updated_at"),
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
    ];
}

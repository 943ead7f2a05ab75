using Claw.Grains.Storage;

namespace Claw.Grains.Swarms;

/// <summary>Swarms live in <c>claw_swarms</c>, with the columns <c>GET /swarms</c> filters and pages on.</summary>
public sealed class SwarmTable : StateTable<SwarmState>
{
    public const string Name = "claw_swarms";

    private static readonly StateColumn[] Definition = [new("name"), new("status"), new("created_at"), new("updated_at")];

    public override string Table => Name;

    public override IReadOnlyList<StateColumn> Columns => Definition;

    protected override object?[] Values(SwarmState state) =>
    [
        state.Spec!.Name,
        state.Status.Wire(),
        state.CreatedAt.ToUnixTimeMilliseconds(),
        state.UpdatedAt.ToUnixTimeMilliseconds(),
    ];
}

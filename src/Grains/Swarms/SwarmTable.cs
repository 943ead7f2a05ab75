using Claw.Grains.Events;
using Claw.Grains.Storage;

namespace Claw.Grains.Swarms;

/// <summary>
/// Swarms live in <c>claw_swarms</c>, with the columns <c>GET /swarms</c> filters and pages on, and the limit a lease
/// of one of its tasks is checked against (<see cref="Dispatch.LaneGuard"/>); each status change is a <c>swarm.*</c>
/// event written with it.
/// </summary>
public sealed class SwarmTable(TimeProvider time) : StatusEventTable<SwarmState>(time)
{
    public const string Name = "claw_swarms";

    private static readonly StateColumn[] Definition = [new("name"), new("status"), new("created_at"), new("updated_at"), new("max_concurrent", IsInteger: true)];

    public override string Table => Name;

    public override IReadOnlyList<StateColumn> Columns => Definition;

    protected override object?[] Values(SwarmState state) =>
    [
        state.Spec!.Name,
        state.Status.Wire(),
        state.CreatedAt.ToUnixTimeMilliseconds(),
        state.UpdatedAt.ToUnixTimeMilliseconds(),
        state.Spec.MaxConcurrentTasks,
    ];

    protected override string Kind => StatusEvents.Swarm;

    protected override string StatusOf(SwarmState state) => state.Status.Wire();

    protected override OutboxEvent Keyed(OutboxEvent change, SwarmState state, string rowId) => change with { SwarmId = rowId };
}

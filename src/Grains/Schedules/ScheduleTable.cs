using Claw.Grains.Storage;

namespace Claw.Grains.Schedules;

/// <summary>Schedules live in <c>claw_schedules</c>, with the columns <c>GET /schedules</c> filters and pages on.</summary>
public sealed class ScheduleTable : StateTable<ScheduleState>
{
    public const string Name = "claw_schedules";

    private static readonly StateColumn[] Definition =
    [
        new("name"), new("status"), new("next_run_at", IsInteger: true), new("created_at"), new("updated_at"),
    ];

    public override string Table => Name;

    public override IReadOnlyList<StateColumn> Columns => Definition;

    protected override object?[] Values(ScheduleState state) =>
    [
        state.Name,
        state.Status.Wire(),
        state.NextRunAt?.ToUnixTimeMilliseconds(),
        state.CreatedAt.ToUnixTimeMilliseconds(),
        state.UpdatedAt.ToUnixTimeMilliseconds(),
    ];
}

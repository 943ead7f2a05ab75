using Claw.Grains.Events;
using Claw.Grains.Storage;

namespace Claw.Grains.Workflows;

/// <summary>
/// Workflows live in <c>claw_workflows</c>, with the columns <c>GET /workflows</c> filters and pages on; each status
/// change is a <c>workflow.*</c> event written with it.
/// </summary>
public sealed class WorkflowTable(TimeProvider time) : StatusEventTable<WorkflowState>(time)
{
    public const string Name = "claw_workflows";

    private static readonly StateColumn[] Definition = [new("name"), new("status"), new("created_at"), new("updated_at")];

    public override string Table => Name;

    public override IReadOnlyList<StateColumn> Columns => Definition;

    protected override object?[] Values(WorkflowState state) =>
    [
        state.Definition!.Name,
        state.Status.Wire(),
        state.CreatedAt.ToUnixTimeMilliseconds(),
        state.UpdatedAt.ToUnixTimeMilliseconds(),
    ];

    protected override string Kind => StatusEvents.Workflow;

    protected override string StatusOf(WorkflowState state) => state.Status.Wire();

    protected override OutboxEvent Keyed(OutboxEvent change, WorkflowState state, string rowId) => change with { WorkflowId = rowId };
}

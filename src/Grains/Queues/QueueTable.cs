using Claw.Grains.Storage;

namespace Claw.Grains.Queues;

/// <summary>Queues an operator configured live in <c>claw_queues</c>: the settings document and when it changed.</summary>
public sealed class QueueTable : StateTable<QueueControlState>
{
    public const string Name = "claw_queues";

    private static readonly StateColumn[] Definition = [new("updated_at")];

    public override string Table => Name;

    public override IReadOnlyList<StateColumn> Columns => Definition;

    protected override object?[] Values(QueueControlState state) => [state.UpdatedAt.ToUnixTimeMilliseconds()];
}

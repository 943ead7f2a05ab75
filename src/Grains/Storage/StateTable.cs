namespace Claw.Grains.Storage;

/// <inheritdoc />
public abstract class StateTable<TState> : IStateTable
    where TState : class
{
    public Type StateType => typeof(TState);

    public abstract string Table { get; }

    public abstract IReadOnlyList<StateColumn> Columns { get; }

    public object?[] ColumnValues(object state) => Values((TState)state);

    protected abstract object?[] Values(TState state);
}

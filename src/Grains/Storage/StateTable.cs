namespace Claw.Grains.Storage;

/// <inheritdoc />
public abstract class StateTable<TState> : IStateTable
    where TState : class
{
    public Type StateType => typeof(TState);

    public abstract string Table { get; }

    public abstract IReadOnlyList<StateColumn> Columns { get; }

    public object?[] ColumnValues(object state) => Values((TState)state);

    public IReadOnlyList<CompanionRows> TakeCompanions(object state, string rowId, StateWrite write, string? document) =>
        [.. Companions((TState)state, rowId, write, document).Where(c => c.Rows.Count > 0)];

    public WriteGuard? GuardOf(object state) => Guard((TState)state);

    public void Stored(object state) => Stored((TState)state);

    protected abstract object?[] Values(TState state);

    /// <summary>The rows a write carries beside the state; none unless the table says otherwise.</summary>
    protected virtual IEnumerable<CompanionRows> Companions(TState state, string rowId, StateWrite write, string? document) => [];

    /// <summary>The condition an update must meet besides its version; none unless the table says otherwise.</summary>
    protected virtual WriteGuard? Guard(TState state) => null;

    protected virtual void Stored(TState state)
    {
    }
}

namespace Claw.Grains.Storage;

/// <summary>A queryable column that a state table keeps beside the JSON document.</summary>
public sealed record StateColumn(string Name, bool IsJson = false);

/// <summary>
/// Maps one grain state type to its own table: the key, a version for optimistic concurrency, the JSON document,
/// and real columns that list endpoints and index rebuilds query.
/// </summary>
public interface IStateTable
{
    Type StateType { get; }

    string Table { get; }

    IReadOnlyList<StateColumn> Columns { get; }

    /// <summary>The values of <see cref="Columns"/> for a state, in the same order.</summary>
    object?[] ColumnValues(object state);
}

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

namespace Claw.Grains.Storage;

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

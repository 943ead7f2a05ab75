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

    /// <summary>
    /// The rows this write of <paramref name="state"/> carries into the same transaction (its events, a callback it
    /// owes). Each is handed out once: a write that fails drops them with the change that caused them.
    /// </summary>
    IReadOnlyList<CompanionRows> TakeCompanions(object state, string rowId, StateWrite write, string? document);

    /// <summary>What an update of <paramref name="state"/> must meet besides its version (<see cref="WriteGuard"/>); null for nothing.</summary>
    WriteGuard? GuardOf(object state);

    /// <summary>Storage now holds <paramref name="state"/> as it is (it was read, or its write committed).</summary>
    void Stored(object state);
}

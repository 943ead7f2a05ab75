using System.Runtime.CompilerServices;

namespace Claw.Grains.Storage;

/// <summary>
/// The status each state object's row holds in storage (as last read or written), so a table can tell which write
/// changes it. Kept beside the objects, never in them: a state object that leaves memory takes its entry with it.
/// </summary>
public sealed class StoredStatuses<TState>
    where TState : class
{
    private readonly ConditionalWeakTable<TState, string> _stored = new();

    /// <summary>The stored status, or null when this object was never read from or written to its row.</summary>
    public string? Of(TState state) => _stored.TryGetValue(state, out var status) ? status : null;

    public void Remember(TState state, string status) => _stored.AddOrUpdate(state, status);
}

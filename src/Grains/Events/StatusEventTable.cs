using Claw.Grains.Storage;

namespace Claw.Grains.Events;

/// <summary>
/// A state table whose writes put their status changes (<see cref="StatusEvents"/>) into the events table, in the
/// same transaction: the grains themselves say nothing, so no transition can be written without its event.
/// </summary>
public abstract class StatusEventTable<TState>(TimeProvider time) : StateTable<TState>
    where TState : class
{
    private readonly StoredStatuses<TState> _stored = new();

    /// <summary><see cref="StatusEvents.Node"/>, <see cref="StatusEvents.Workflow"/> or <see cref="StatusEvents.Swarm"/>.</summary>
    protected abstract string Kind { get; }

    protected abstract string StatusOf(TState state);

    /// <summary>The event with the row's own ids filled in (its key, and the swarm it belongs to).</summary>
    protected abstract OutboxEvent Keyed(OutboxEvent change, TState state, string rowId);

    protected override IEnumerable<CompanionRows> Companions(TState state, string rowId, StateWrite write, string? document)
    {
        var types = StatusEvents.Of(Kind, write, _stored.Of(state), StatusOf(state));
        if (types.Count == 0)
        {
            yield break;
        }

        var (at, correlationId) = (time.GetUtcNow(), RequestContext.Get(CorrelationContext.Key) as string);
        var data = EventData.Of(("status", StatusOf(state)));
        yield return EventTable.Rows(types.Select(t => new OutboxEvent(t, at, CorrelationId: correlationId, DataJson: data)), e => Keyed(e, state, rowId));
    }

    protected override void Stored(TState state) => _stored.Remember(state, StatusOf(state));
}

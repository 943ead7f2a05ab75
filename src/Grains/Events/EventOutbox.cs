namespace Claw.Grains.Events;

/// <summary>
/// The events a grain's state produced since its last write, held beside the state (never persisted in its document):
/// the state table takes them into the write's transaction (<see cref="Storage.IStateTable.TakeCompanions"/>).
/// </summary>
public sealed class EventOutbox
{
    private List<OutboxEvent>? _events;

    public bool IsEmpty => _events is null or { Count: 0 };

    public void Add(OutboxEvent change) => (_events ??= []).Add(change);

    /// <summary>Hands the events over once; the outbox is empty afterwards.</summary>
    public List<OutboxEvent> Take()
    {
        var taken = _events ?? [];
        _events = null;
        return taken;
    }
}

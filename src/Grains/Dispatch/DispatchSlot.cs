using Claw.Abstractions.Dispatch;

namespace Claw.Grains.Dispatch;

/// <summary>A pending task in a partition's index; the sequence breaks ties between equal creation times.</summary>
public sealed record DispatchSlot(QueueEntry Entry, long Sequence)
{
    /// <summary>Creation order (FIFO), then the sequence.</summary>
    public static readonly IComparer<DispatchSlot> Fifo = Comparer<DispatchSlot>.Create((x, y) =>
    {
        var byCreation = x!.Entry.CreatedAt.CompareTo(y!.Entry.CreatedAt);
        return byCreation != 0 ? byCreation : x.Sequence.CompareTo(y.Sequence);
    });

    /// <summary>Availability time, then the sequence.</summary>
    public static readonly IComparer<DispatchSlot> ByAvailability = Comparer<DispatchSlot>.Create((x, y) =>
    {
        var byTime = x!.Entry.AvailableAt.CompareTo(y!.Entry.AvailableAt);
        return byTime != 0 ? byTime : x.Sequence.CompareTo(y.Sequence);
    });
}

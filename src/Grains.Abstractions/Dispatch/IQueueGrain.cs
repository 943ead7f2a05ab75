using System.Collections.Immutable;
using Claw.Abstractions.Nodes;

namespace Claw.Abstractions.Dispatch;

/// <summary>
/// The in-memory dispatch index of one queue partition (key <c>{queue}/{partition}</c>): pending tasks by priority and
/// availability, and the nodes waiting for work. Not the truth: it is rebuilt from the tasks table on activation,
/// and its sweep reminder re-drives tasks and leases that a dead silo left behind.
/// </summary>
[Alias("claw.IQueueGrain")]
public interface IQueueGrain : IGrainWithStringKey
{
    /// <summary>Adds or updates a pending task and wakes a waiting node that can run it.</summary>
    [Alias("enqueue")]
    Task EnqueueAsync(QueueEntry entry);

    /// <summary>Adds or updates many pending tasks at once (a batch submit) and wakes the waiting nodes that can run them.</summary>
    [Alias("enqueue-many")]
    Task EnqueueManyAsync(ImmutableArray<QueueEntry> entries);

    /// <summary>
    /// A new task: handed to a waiting node that can run it (that node's id is the answer, and the node no longer waits
    /// here), or else added to the index as <see cref="EnqueueAsync"/> does (the answer is null).
    /// </summary>
    [Alias("offer")]
    Task<string?> OfferAsync(QueueEntry entry);

    /// <summary>The queue was paused (nothing is handed out) or resumed (waiting nodes take again).</summary>
    [Alias("paused")]
    Task SetPausedAsync(bool paused);

    /// <summary>Drops a task from the index (leased, cancelled, waiting for approval).</summary>
    [Alias("remove")]
    Task RemoveAsync(string taskId);

    /// <summary>Removes and returns up to <paramref name="count"/> due tasks the node can run, best first.</summary>
    [Alias("take")]
    Task<ImmutableArray<string>> TakeAsync(NodeProfile node, int count);

    /// <summary>Remembers that a node wants work until <paramref name="until"/>; it is woken once when a match arrives.</summary>
    [Alias("wait")]
    Task WaitAsync(NodeProfile node, DateTimeOffset until);

    /// <summary>Nodes waiting here for work now (for monitoring and tests).</summary>
    [Alias("waiting")]
    Task<int> WaitingAsync();

    /// <summary>Pending tasks in the index (for metrics and tests).</summary>
    [Alias("depth")]
    Task<int> DepthAsync();
}

using System.Collections.Immutable;
using Claw.Abstractions.Tasks;

namespace Claw.Abstractions.Queues;

/// <summary>
/// One queue as a resource (key: the queue's name): its settings (<c>claw_queues</c>) and the one place that admits new
/// tasks into it, so <c>max_pending</c> holds across every silo at once.
/// </summary>
[Alias("claw.IQueueControlGrain")]
public interface IQueueControlGrain : IGrainWithStringKey
{
    /// <summary>Replaces the queue's settings; its partitions hear of a pause or resume at once.</summary>
    [Alias("put")]
    Task<QueueView> PutAsync(QueueSettings settings);

    [Alias("get")]
    Task<QueueView> GetAsync();

    /// <summary>The settings; interleaves, because a partition activated by <see cref="PutAsync"/>'s own notice asks for them.</summary>
    [AlwaysInterleave, Alias("settings")]
    Task<QueueSettings> GetSettingsAsync();

    /// <summary>Admits the new task <paramref name="taskId"/> of <paramref name="priority"/>, or refuses it with 429 <c>queue_full</c> and a wait.</summary>
    [Alias("admit")]
    Task<Admission> AdmitAsync(string taskId, TaskPriority priority);

    /// <summary>
    /// Admits the new tasks <paramref name="taskIds"/> (of <paramref name="priorities"/>, in the same order) all
    /// together under the rule of <see cref="AdmitAsync"/>, or none of them: 429 <c>queue_full</c> when one would be refused.
    /// </summary>
    [Alias("admit-many")]
    Task<Admission> AdmitManyAsync(ImmutableArray<string> taskIds, ImmutableArray<TaskPriority> priorities);
}

using System.Collections.Immutable;
using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Queues;
using Claw.Abstractions.Tasks;
using Claw.Grains.Dispatch;
using Claw.Grains.Storage;
using Claw.Grains.Telemetry;
using Microsoft.Extensions.Options;

namespace Claw.Grains.Queues;

/// <summary>
/// One queue as a resource: its settings, and the one owner of its admission, so <c>max_pending</c> holds across every
/// silo (<see cref="QueueShedding"/> decides; the count comes from the tasks table). A pause or resume is told to the
/// queue's partitions, which then hand out none of its tasks; what waits and runs is read from the table on demand.
/// </summary>
public sealed class QueueControlGrain(
    [PersistentState("queue", RelationalGrainStorage.ProviderName)] IPersistentState<QueueControlState> state,
    ClawDatabase database,
    IOptions<QueueOptions> options,
    IOptions<DispatchOptions> dispatch,
    ClawMetrics metrics,
    TimeProvider time,
    ILogger<QueueControlGrain> logger) : Grain, IQueueControlGrain
{
    private readonly QueueShedding _shedding = new(options.Value.WriteGrace);

    private string Queue => this.GetPrimaryKeyString();

    private QueueSettings Settings => state.State.Settings ?? QueueSettings.None;

    public async Task<QueueView> PutAsync(QueueSettings settings)
    {
        state.State.Settings = settings;
        state.State.UpdatedAt = time.GetUtcNow();
        await state.WriteOrForgetAsync(this);
        _shedding.Forget();
        logger.QueueSettingsChanged(Queue, settings.MaxPending, settings.DefaultTtlSeconds, settings.MaxConcurrent, settings.Paused);
        await Task.WhenAll(dispatch.Value.PartitionKeys(Queue).Select(key => GrainFactory.GetGrain<IQueueGrain>(key).SetPausedAsync(settings.Paused)));
        return await GetAsync();
    }

    public async Task<QueueView> GetAsync()
    {
        var (depth, oldest) = await QueueFigures.PendingAsync(database, Queue);
        var inFlight = await QueueFigures.InFlightAsync(database, Queue);
        var configured = state.State.Settings is not null;
        return new QueueView(Queue, Settings, depth, oldest, inFlight, configured, configured ? state.State.UpdatedAt : null);
    }

    public Task<QueueSettings> GetSettingsAsync() => Task.FromResult(Settings);

    public Task<Admission> AdmitAsync(string taskId, TaskPriority priority) => AdmitAllAsync([(taskId, priority)]);

    public Task<Admission> AdmitManyAsync(ImmutableArray<string> taskIds, ImmutableArray<TaskPriority> priorities) =>
        taskIds.Length == priorities.Length
            ? AdmitAllAsync([.. taskIds.Zip(priorities)])
            : throw new ArgumentException("One priority per task.", nameof(priorities));

    /// <summary>Admits all of <paramref name="tasks"/> or refuses them together, with the ceiling the first refused one met.</summary>
    private async Task<Admission> AdmitAllAsync(IReadOnlyList<(string TaskId, TaskPriority Priority)> tasks)
    {
        var settings = Settings;
        if (settings.MaxPending is { } maxPending && tasks.Count > 0)
        {
            var now = time.GetUtcNow();
            var lowest = tasks.Min(t => t.Priority);
            if (_shedding.NeedsCount(maxPending, lowest, now, options.Value.RecountInterval, tasks.Count))
            {
                await CountAsync();
            }

            if (_shedding.AdmitAll(tasks, maxPending, now) is { } refusal)
            {
                var (ceiling, refused) = refusal;
                logger.QueueShed(Queue, refused.Wire(), _shedding.Estimate, ceiling);
                foreach (var priority in tasks.GroupBy(t => t.Priority))
                {
                    metrics.QueueShed(Queue, priority.Key, priority.Count()); // every task refused counts, under its own priority
                }

                throw ClawException.QueueFull(
                    tasks.Count == 1
                        ? $"Queue '{Queue}' holds {_shedding.Estimate} pending tasks; {refused.Wire()} submits are refused from {ceiling} (max_pending {maxPending})."
                        : $"Queue '{Queue}' holds {_shedding.Estimate} pending tasks; a batch of {tasks.Count} would pass a ceiling of {ceiling} (max_pending {maxPending}).",
                    options.Value.RetryAfter);
            }
        }

        return new Admission(settings.DefaultTtlSeconds, settings.NonRetriableCodes, settings.MaxConcurrent);
    }

    /// <summary>Which admitted tasks are written first, then the pending rows: a task seen written was there before the count began.</summary>
    private async Task CountAsync()
    {
        var startedAt = time.GetUtcNow();
        var written = await QueueFigures.WrittenAsync(database, [.. _shedding.RecentIds]);
        var (depth, _) = await QueueFigures.PendingAsync(database, Queue);
        _shedding.Counted(depth.Total, written, startedAt);
    }
}

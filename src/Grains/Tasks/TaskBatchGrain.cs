using System.Collections.Immutable;
using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Queues;
using Claw.Abstractions.Tasks;
using Claw.Grains.Dispatch;
using Claw.Grains.Storage;
using Claw.Grains.Telemetry;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Claw.Grains.Tasks;

/// <summary>
/// A batch submit. Keyed items are looked up first: a stored task with the same fingerprint is answered as it is, one
/// with another fingerprint refuses the whole batch before anything is written. The plain items (<see cref="BatchPlan"/>)
/// are admitted once per queue, built by the task grain's own rule (<see cref="TaskLifecycle.Create"/>), and written
/// together in one transaction (<see cref="BulkRows"/>) without activating their grains, which read their rows when a
/// node leases them; only after the commit are they put into their partitions' indexes, one call per partition (a
/// silo lost in between leaves committed rows that the partition's sweep indexes). The other items go through their
/// own task grain, side by side.
/// </summary>
[StatelessWorker]
public sealed class TaskBatchGrain(BulkRows rows, IOptions<DispatchOptions> dispatch, ClawMetrics metrics, TimeProvider time, ILogger<TaskBatchGrain> logger)
    : Grain, ITaskBatchGrain
{
    /// <summary>A keyed task created by someone else while the batch was being written sends the batch round again, this often at most.</summary>
    private const int Attempts = 3;

    public async Task<ImmutableArray<SubmitResult>> SubmitAsync(ImmutableArray<BatchItem> items)
    {
        for (var attempt = 1; ; attempt++)
        {
            var results = await ReplaysAsync(items);
            var now = time.GetUtcNow();
            var plain = Enumerable.Range(0, items.Length).Where(i => results[i] is null && BatchPlan.IsPlain(items[i].Submission, now)).ToList();
            var admitted = await AdmitAsync(plain.ConvertAll(i => items[i]));
            var created = plain.ConvertAll(i => (items[i].TaskId, State: Create(TaskAdmission.Apply(items[i].Submission, admitted[items[i].Submission.Queue]), now)));
            if (!await rows.InsertAsync(created))
            {
                if (attempt == Attempts)
                {
                    throw ClawException.Conflict(ErrorCodes.IdempotencyConflict, "Tasks under this batch's idempotency keys kept being created meanwhile; send the batch again.");
                }

                logger.BatchRaced(items.Length, attempt + 1);
                continue;
            }

            Committed(created);
            for (var p = 0; p < plain.Count; p++)
            {
                results[plain[p]] = new SubmitResult(created[p].State.ToView(created[p].TaskId), Replayed: false);
            }

            await IndexAsync(created);
            var others = Enumerable.Range(0, items.Length).Where(i => results[i] is null).ToList();
            var submitted = await Task.WhenAll(others.Select(i => GrainFactory.GetGrain<ITaskGrain>(items[i].TaskId).SubmitAsync(items[i].Submission)));
            for (var o = 0; o < others.Count; o++)
            {
                results[others[o]] = submitted[o];
            }

            return [.. results.Select(r => r!)];
        }
    }

    /// <summary>The keyed items whose task exists: answered as stored when the fingerprint matches; any other refuses the batch.</summary>
    private async Task<SubmitResult?[]> ReplaysAsync(ImmutableArray<BatchItem> items)
    {
        var results = new SubmitResult?[items.Length];
        var keyed = items.Where(i => i.Submission.IdempotencyFingerprint is not null).Select(i => i.TaskId).ToList();
        var stored = await rows.FindAsync<TaskState>(keyed);
        for (var i = 0; i < items.Length && stored.Count > 0; i++)
        {
            if (items[i].Submission.IdempotencyFingerprint is { } fingerprint && stored.TryGetValue(items[i].TaskId, out var task))
            {
                results[i] = fingerprint == task.IdempotencyFingerprint
                    ? new SubmitResult(task.ToView(items[i].TaskId), Replayed: true)
                    : throw ClawException.Conflict(ErrorCodes.IdempotencyConflict, $"tasks[{i}]: this idempotency key was used with a different request body; nothing of the batch was created.");
            }
        }

        return results;
    }

    /// <summary>Each queue admits its share of the batch at once (all or none), in parallel; the admissions by queue.</summary>
    private async Task<Dictionary<string, Admission>> AdmitAsync(List<BatchItem> items)
    {
        var byQueue = items.GroupBy(i => i.Submission.Queue, StringComparer.Ordinal).ToList();
        var admissions = await Task.WhenAll(byQueue.Select(q => GrainFactory.GetGrain<IQueueControlGrain>(q.Key)
            .AdmitManyAsync([.. q.Select(i => i.TaskId)], [.. q.Select(i => i.Submission.Priority)])));
        return byQueue.Select((q, i) => (q.Key, admissions[i])).ToDictionary(x => x.Key, x => x.Item2, StringComparer.Ordinal);
    }

    /// <summary>The new task as its grain would create it, under the calling request's correlation id and principal.</summary>
    private static TaskState Create(TaskSubmission submission, DateTimeOffset now)
    {
        var task = new TaskState();
        TaskRecord.LifeOf(task, now).Create(submission);
        task.UpdatedAt = now;
        return task;
    }

    private void Committed(List<(string TaskId, TaskState State)> created)
    {
        foreach (var queue in created.GroupBy(c => c.State.Queue, StringComparer.Ordinal))
        {
            metrics.TasksSubmitted.Add(queue.Count(), new KeyValuePair<string, object?>("queue", queue.Key));
        }
    }

    /// <summary>The dispatchable new tasks into their partitions' indexes, one call per partition; a failed call is left to the sweep.</summary>
    private async Task IndexAsync(List<(string TaskId, TaskState State)> created)
    {
        var partitions = created.Where(c => c.State.IsDispatchable)
            .GroupBy(c => dispatch.Value.PartitionKeyOf(c.State.Queue, c.TaskId), StringComparer.Ordinal);
        await Task.WhenAll(partitions.Select(async partition =>
        {
            try
            {
                await GrainFactory.GetGrain<IQueueGrain>(partition.Key).EnqueueManyAsync([.. partition.Select(c => c.State.ToEntry(c.TaskId))]);
            }
            catch (Exception ex)
            {
                logger.BatchNotIndexed(partition.Count(), partition.Key, ex);
            }
        }));
    }
}

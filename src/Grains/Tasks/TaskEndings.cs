using Claw.Abstractions.Errors;
using Claw.Abstractions.Sessions;
using Claw.Abstractions.Tasks;
using Claw.Grains.Dispatch;
using Claw.Grains.Telemetry;

namespace Claw.Grains.Tasks;

/// <summary>
/// How a task stops running other than by success: a lease lost (expired, so retried or failed; revoked, so requeued),
/// a failure that retries or ends it, a cancel, an approval refused. Each asks <see cref="TaskLifecycle"/>, writes, and
/// then tells the node, the workflow and the index.
/// </summary>
public sealed class TaskEndings(TaskRecord task, TaskNeighbours around, ApprovalGate gate, ClawMetrics metrics, ILogger logger)
{
    private const string TimeoutApprover = "system";

    private TaskState T => task.State;

    /// <summary>
    /// Re-drives the task after a fault: a lease past its deadline expires, a pending task past its <c>expires_at</c>
    /// expires, any other dispatchable task goes back into its partition's index. <paramref name="rowVersion"/> is the
    /// version of the row the caller saw, when it read one: memory older than that is read again first, or a
    /// duplicate activation left behind by a silo's death would judge the lease by a state it no longer has.
    /// </summary>
    public async Task ReconcileAsync(long? rowVersion)
    {
        if (rowVersion is { } version && await task.CatchUpAsync(version))
        {
            logger.StaleMemoryRead(task.TaskId, version);
            gate.Arm(T);
        }

        if (T.IsLeased)
        {
            await ExpireLeaseAsync();
        }
        else if (task.Life.IsPastExpiry)
        {
            await ExpireAsync();
        }
        else
        {
            await around.EnqueueIfDispatchableAsync(T);
        }
    }

    /// <summary>The live lease is past its deadline (its timer fired, the sweep found it, or its holder reported late): it ends as expired.</summary>
    public async Task ExpireLeaseAsync()
    {
        if (task.Life.IsLeaseOverdue)
        {
            logger.LeaseExpired(T.LeaseId!, T.NodeId);
            await LeaseLostAsync(T.LeaseId!, LeaseStatus.Expired, "deadline passed");
        }
    }

    /// <summary>Takes back <paramref name="leaseId"/> if it is still the task's live lease (its node crashed, drained away, or left).</summary>
    public async Task RevokeLeaseAsync(string leaseId, string reason)
    {
        if (await LeaseLostAsync(leaseId, LeaseStatus.Revoked, reason))
        {
            logger.LeaseRevoked(leaseId, reason);
        }
    }

    /// <summary>Ends <paramref name="leaseId"/> if it is the task's live lease; false when it is not (an older lease, or a repeat).</summary>
    private async Task<bool> LeaseLostAsync(string leaseId, LeaseStatus status, string reason)
    {
        var loss = task.Life.LeaseLost(leaseId, status, reason);
        if (loss == LeaseLoss.NotCurrent)
        {
            return false;
        }

        // An expired lease: the holder never finished, a failure for its breakers.
        var expired = loss == LeaseLoss.Expired;
        if (expired)
        {
            metrics.LeaseExpirations.Add(1, task.QueueTag);
            await RetryOrFailAsync(retriable: true);
        }
        else
        {
            await task.WriteAndEnqueueAsync();
        }

        around.LeaseEnded(T, completed: null, SessionNotice.LeaseRevoked, expired ? ErrorCodes.LeaseExpired : reason, succeeded: expired ? false : null);

        return true;
    }

    public async Task RetryOrFailAsync(bool retriable)
    {
        if (task.Life.RetryOrFail(retriable) is { } delay)
        {
            metrics.TasksRetried.Add(1, task.QueueTag);
            logger.RetryScheduled(task.TaskId, T.Attempt, delay.TotalSeconds, T.CorrelationId);
            await task.WriteAndEnqueueAsync();
            return;
        }

        await task.WriteAsync();
        around.StepEnded(T);
        metrics.TasksFailed.Add(1, task.QueueTag);
        logger.FailedFinally(task.TaskId, T.Attempt, retriable, T.CorrelationId);
    }

    public async Task CancelAsync(string? reason)
    {
        task.EnsureExists();
        if (T.Status.IsTerminal())
        {
            throw task.InvalidTransition("cancel");
        }

        var wasLeased = T.IsLeased;
        var hadDeadline = task.Life.Cancel(reason);
        await task.WriteAsync();
        if (wasLeased)
        {
            around.LeaseEnded(T, completed: null, SessionNotice.TaskCancelled, reason); // the holder hears once it is so
        }

        await around.Queue(T).RemoveAsync(task.TaskId);
        around.StepEnded(T);
        await ForgetDeadlineAsync(hadDeadline);
    }

    /// <summary>The task waited past its <c>expires_at</c>: it ends <c>expired</c>, its submitter told by the event and the callback its write carries.</summary>
    public async Task ExpireAsync()
    {
        task.Life.Expire();
        await task.WriteAsync();
        // Counted once the expiry is durable, before the calls that may fail on their own (a partition's index is rebuilt by its sweep).
        metrics.TasksExpired.Add(1, task.QueueTag);
        logger.TaskExpired(task.TaskId, T.Queue, T.ExpiresAt!.Value);
        await around.Queue(T).RemoveAsync(task.TaskId);
        around.StepEnded(T);
    }

    /// <summary>A dead letter runs again (<c>POST /tasks/{id}/retry</c>): only a failed or cancelled task.</summary>
    public async Task RetryAsync(string? reason)
    {
        task.EnsureExists();
        if (T.Status is not (ClawTaskStatus.Failed or ClawTaskStatus.Cancelled))
        {
            throw ClawException.Conflict(ErrorCodes.InvalidTransition, $"Cannot retry a task that is {T.Status.Wire()}; only failed or cancelled tasks run again.");
        }

        task.Life.Retry(reason);
        await task.WriteAndEnqueueAsync();
        metrics.TasksRequeuedByHand.Add(1, task.QueueTag);
        logger.RetriedByHand(task.TaskId, T.Attempt, T.CorrelationId);
    }

    /// <summary>An approval gate refused the task (a person, or its deadline): it is cancelled.</summary>
    public async Task RejectAsync(string? by, string? reason)
    {
        var hadDeadline = task.Life.Reject(by, reason);
        await task.WriteAsync();
        around.StepEnded(T);
        await ForgetDeadlineAsync(hadDeadline);
    }

    /// <summary>The approval deadline's timer or reminder fired: past the deadline, the gate rejects the task.</summary>
    public async Task CheckApprovalDeadlineAsync()
    {
        var due = task.Life.ApprovalDeadline();
        if (due == ApprovalDue.Ahead)
        {
            gate.Arm(T); // the reminder came early (its period is coarse); the timer keeps the exact time
        }
        else if (due == ApprovalDue.Passed)
        {
            logger.ApprovalTimedOut(task.TaskId, T.CorrelationId);
            await RejectAsync(TimeoutApprover, "approval timed out");
        }
        else
        {
            await gate.ForgetAsync();
        }
    }

    public async Task ForgetDeadlineAsync(bool hadDeadline)
    {
        if (hadDeadline)
        {
            await gate.ForgetAsync();
        }
    }
}

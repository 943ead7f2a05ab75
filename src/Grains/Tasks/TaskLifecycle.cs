using Claw.Abstractions.Audit;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Tasks;
using Claw.Grains.Dispatch;

namespace Claw.Grains.Tasks;

/// <summary>
/// The rules of one task's state machine, applied to its persisted state at <c>now</c>: which transition a call makes,
/// whether a failure retries or ends the task, and what the timeline keeps. A plain class, so every rule is tested
/// without a cluster; the task grain loads the state, asks here, writes, and tells the other grains.
/// </summary>
/// <param name="correlationId">The calling request's correlation id; the task's own when the call has none.</param>
/// <param name="by">The calling principal's id, recorded in each event (null for the cluster's own calls).</param>
/// <param name="jitterRoll">The random draw (0..1) that a retry delay's jitter takes; a fresh one when not given.</param>
public sealed class TaskLifecycle(TaskState task, DateTimeOffset now, string? correlationId = null, string? by = null, double? jitterRoll = null)
{
    private TaskState T => task;

    /// <summary>
    /// A new task from its submission: pending, or waiting for approval with its deadline, or (a workflow step whose
    /// dependencies have not completed) waiting until <see cref="Open"/>.
    /// </summary>
    public void Create(TaskSubmission submission)
    {
        T.Apply(submission);
        T.CreatedAt = now;
        T.UpdatedAt = now;
        T.AvailableAt = submission.RunAt is { } runAt && runAt > now ? runAt : now;
        T.ExpiresAt = submission.TtlSeconds is { } ttl ? now.AddSeconds(ttl) : null;
        Record(TaskEvents.Created);
        if (submission.Waiting)
        {
            T.Status = ClawTaskStatus.Waiting;
            Record(TaskEvents.Waiting);
        }
        else
        {
            Admit();
        }
    }

    /// <summary>
    /// A waiting workflow step's dependencies all completed: it is pending (or waits at its approval gate), its payload
    /// now carrying their results when <paramref name="payloadJson"/> is given; with <paramref name="automatic"/> a step
    /// held for hand assignment (its workflow not started) is dispatched automatically from now on. False when nothing changed.
    /// </summary>
    public bool Open(string? payloadJson, bool automatic)
    {
        var opened = T.Status == ClawTaskStatus.Waiting;
        if (opened)
        {
            T.PayloadJson = payloadJson ?? T.PayloadJson;
            T.AvailableAt = now > T.AvailableAt ? now : T.AvailableAt;
            Admit();
        }

        var released = automatic && T.Dispatch == DispatchMode.Manual && !T.Status.IsTerminal();
        if (released)
        {
            T.Dispatch = DispatchMode.Auto;
        }

        return opened || released;
    }

    /// <summary>True when a poll may lease the task to <paramref name="node"/> now.</summary>
    public bool IsDueFor(NodeProfile node) =>
        T.Status == ClawTaskStatus.Pending && T.Dispatch != DispatchMode.Manual && T.AvailableAt <= now
        && RequirementMatcher.Matches(T.Requirements, T.SwarmId, node) && RequirementMatcher.TypeAllowed(T.Type, node);

    /// <summary>True when the task waits to run (pending) and its <c>expires_at</c> has passed: it must not run any more.</summary>
    public bool IsPastExpiry => T.Status == ClawTaskStatus.Pending && T.ExpiresAt is { } expiresAt && expiresAt <= now;

    /// <summary>The task waited past its <c>expires_at</c> without running: it ends <c>expired</c> (its submitter is told by event and callback).</summary>
    public void Expire()
    {
        T.Status = ClawTaskStatus.Expired;
        T.CompletedAt = now;
        Record(TaskEvents.Expired, $"expires_at {T.ExpiresAt:O} passed before it ran");
    }

    /// <summary>Leases the next attempt to <paramref name="node"/>: a new fence and token, and a deadline a full timeout away.</summary>
    public void Assign(string taskId, NodeProfile node)
    {
        var fence = T.Fence + 1;
        T.AssignedAt = now;
        T.Status = ClawTaskStatus.Assigned;
        T.NodeId = node.NodeId;
        T.HolderKeyless = !node.HasKey;
        T.LeaseId = LeaseIds.For(taskId, fence);
        T.LeaseToken = LeaseTokens.New(fence);
        T.Fence = fence;
        T.LeaseExpiresAt = now.AddSeconds(T.TimeoutSeconds);
        T.LeaseRenewals = 0;
        T.LeaseEndedAs = null;
        Record(TaskEvents.Assigned);
    }

    /// <summary>True when the live lease is at or past its deadline: it ends as expired at the next check, and its holder is refused.</summary>
    public bool IsLeaseOverdue => T.IsLeased && now >= T.LeaseExpiresAt;

    /// <summary>Takes back an assigned, unstarted task for another node: its lease was revoked.</summary>
    public void Unassign(string reason)
    {
        EndLease(LeaseStatus.Revoked);
        Record(TaskEvents.LeaseRevoked, reason);
        T.Status = ClawTaskStatus.Pending;
    }

    /// <summary>The holder started: assigned becomes in progress. False when it had started already.</summary>
    public bool Start()
    {
        if (T.Status != ClawTaskStatus.Assigned)
        {
            return false;
        }

        T.Status = ClawTaskStatus.InProgress;
        T.StartedAt ??= now;
        Record(TaskEvents.Started);
        return true;
    }

    public void Progress(TaskProgress progress)
    {
        progress = progress with { Message = SecretRedactor.RedactOrNull(progress.Message) };
        T.Progress = progress with { At = now };
        Start();
        Record(TaskEvents.Progress, $"{progress.Percent}%" + (progress.Message is { } m ? " " + m : ""));
    }

    public void Complete(string? resultJson)
    {
        T.StartedAt ??= T.AssignedAt ?? now; // ended without a start report: it ran from its assignment
        T.Status = ClawTaskStatus.Completed;
        T.ResultJson = resultJson;
        T.CompletedAt = now;
        EndLease(LeaseStatus.Completed);
        Record(TaskEvents.Completed);
    }

    /// <summary>
    /// The attempt failed, as <paramref name="category"/> (<see cref="FailurePolicy"/>); <see cref="RetryOrFail"/> decides
    /// what comes next. <paramref name="resultJson"/> is the error data a ClawBot client sends as <c>result</c>, kept as
    /// the task's result.
    /// </summary>
    public void Fail(string error, string? resultJson = null, string? errorCode = null, FailureCategory category = FailureCategory.Retriable)
    {
        T.StartedAt ??= T.AssignedAt ?? now;
        error = SecretRedactor.Redact(error); // a node's error text may quote a password or a token it failed with
        T.Error = error;
        T.ResultJson = resultJson ?? T.ResultJson;
        T.ErrorCode = errorCode;
        EndLease(LeaseStatus.Failed);
        Record(TaskEvents.Failed, error, category, errorCode);
    }

    /// <summary>
    /// After a failed or expired attempt: the delay of the retry it schedules (the task is pending again), or null when
    /// the task failed for good (not retriable, or out of retries).
    /// </summary>
    public TimeSpan? RetryOrFail(bool retriable)
    {
        if (retriable && T.RetriesUsed < T.MaxRetries)
        {
            T.RetriesUsed++;
            var delay = RetryPolicy.Delay(T.RetryBackoff, T.Attempt, jitterRoll ?? Random.Shared.NextDouble());
            T.Attempt++;
            Record(TaskEvents.RetryScheduled, $"in {delay.TotalSeconds:0.###} s");
            Requeue(now + delay);
            return delay;
        }

        T.Status = ClawTaskStatus.Failed;
        T.CompletedAt = now;
        return null;
    }

    /// <summary>The holder renewed the live lease: its deadline is a full timeout from now.</summary>
    public void Renew()
    {
        T.LeaseExpiresAt = now.AddSeconds(T.TimeoutSeconds);
        T.LeaseRenewals++;
        Record(TaskEvents.LeaseRenewed);
    }

    /// <summary>The holder gave the task back: it waits again at once, the attempt not spent.</summary>
    public void Released()
    {
        EndLease(LeaseStatus.Released);
        Record(TaskEvents.LeaseReleased);
        Requeue(now);
    }

    public void Requeue(DateTimeOffset availableAt)
    {
        T.Status = ClawTaskStatus.Pending;
        T.AvailableAt = availableAt;
        Record(TaskEvents.Queued);
    }

    /// <summary>
    /// The current lease ended without its holder's word. Expired: the attempt is spent (the caller retries or fails
    /// it). Revoked, a crash included: not the task's fault, so it runs again at once without spending a retry.
    /// </summary>
    public LeaseLoss LeaseLost(string leaseId, LeaseStatus status, string reason)
    {
        if (!T.IsLeased || leaseId != T.LeaseId)
        {
            return LeaseLoss.NotCurrent; // an old lease, or a repeated notice
        }

        EndLease(status);
        if (status == LeaseStatus.Expired)
        {
            Record(TaskEvents.LeaseExpired, reason, FailureCategory.Retriable);
            return LeaseLoss.Expired;
        }

        Record(TaskEvents.LeaseRevoked, reason);

        if (status == LeaseStatus.Revoked && reason == TaskEvents.NodeCrashed)
        {
            Record(TaskEvents.NodeCrashed);
            T.CrashRequeues++;
        }

        T.Attempt++;
        Requeue(now);
        return LeaseLoss.Requeued;
    }

    /// <summary>Cancels the task (its lease, if any, was revoked by the caller); true when an approval deadline was armed.</summary>
    public bool Cancel(string? reason)
    {
        if (T.IsLeased)
        {
            EndLease(LeaseStatus.Revoked);
        }

        var hadDeadline = T.ApprovalExpiresAt is not null;
        T.ApprovalExpiresAt = null;
        T.Status = ClawTaskStatus.Cancelled;
        T.CompletedAt = now;
        Record(TaskEvents.Cancelled, reason);
        return hadDeadline;
    }

    /// <summary>
    /// A failed or cancelled task runs again (<c>POST /tasks/{id}/retry</c>): pending at once as a new attempt, its
    /// retry budget renewed, its last error cleared. The caller checks the status.
    /// </summary>
    public void Retry(string? reason)
    {
        T.RetriesUsed = 0;
        T.Attempt++;
        T.Error = null;
        T.ErrorCode = null;
        T.CompletedAt = null;
        T.ApprovalExpiresAt = null;
        Record(TaskEvents.Retried, reason);
        Requeue(now);
    }

    /// <summary>A gate opened: the task is pending (not before its own run time); true when an approval deadline was armed.</summary>
    public bool Approve(string? by, string? comment)
    {
        var hadDeadline = T.ApprovalExpiresAt is not null;
        Record(TaskEvents.Approved, Who(by, comment));
        T.ApprovalExpiresAt = null;
        Requeue(now > T.AvailableAt ? now : T.AvailableAt);
        return hadDeadline;
    }

    /// <summary>A gate refused (by a person, or its deadline): the task is cancelled; true when an approval deadline was armed.</summary>
    public bool Reject(string? by, string? reason)
    {
        var detail = Who(by, reason);
        var hadDeadline = T.ApprovalExpiresAt is not null;
        Record(TaskEvents.Rejected, detail);
        T.ApprovalExpiresAt = null;
        T.Status = ClawTaskStatus.Cancelled;
        T.Error = "rejected: " + detail;
        T.CompletedAt = now;
        Record(TaskEvents.Cancelled, "approval rejected");
        return hadDeadline;
    }

    /// <summary>Whether the approval gate's deadline decides now: it passed (reject), lies ahead (wait), or there is none.</summary>
    public ApprovalDue ApprovalDeadline() => T.Status == ClawTaskStatus.WaitingInput && T.ApprovalExpiresAt is { } deadline
        ? now < deadline ? ApprovalDue.Ahead : ApprovalDue.Passed
        : ApprovalDue.None;

    /// <summary>A refused result, recorded so the timeline shows every zombie.</summary>
    public void ResultRejected(string code) => Record(TaskEvents.ResultRejected, code);

    /// <summary>Into the queue, or to its approval gate (with its deadline) when the submission asked for one.</summary>
    private void Admit()
    {
        T.Status = T.RequiresApproval ? ClawTaskStatus.WaitingInput : ClawTaskStatus.Pending;
        T.ApprovalExpiresAt = T.RequiresApproval && T.ApprovalTimeoutSeconds is { } timeout ? now.AddSeconds(timeout) : null;
        Record(T.RequiresApproval ? TaskEvents.WaitingInput : TaskEvents.Queued);
    }

    /// <summary>
    /// Appends to the timeline, and to the events the next write puts into the cluster-wide timeline; of a repeatable
    /// event only the newest <see cref="TaskEvents.MaxRepeatedEvents"/> are kept in the task.
    /// </summary>
    public void Record(string type, string? detail = null, FailureCategory? category = null, string? errorCode = null)
    {
        var entry = new TaskEvent(type, now, T.Attempt, T.NodeId, T.LeaseId, correlationId ?? T.CorrelationId, detail, category?.Wire(), errorCode, by);
        T.Timeline.Add(entry);
        T.Outbox.Add(TaskEventOutbox.From(T, entry));
        if (TaskEvents.Repeatable.Contains(type) && T.Timeline.Count(e => e.Type == type) > TaskEvents.MaxRepeatedEvents)
        {
            T.Timeline.Remove(T.Timeline.First(e => e.Type == type));
        }
    }

    /// <summary>The timeline's who/why of an approval decision.</summary>
    public static string Who(string? by, string? why) =>
        $"by {(string.IsNullOrWhiteSpace(by) ? "anonymous" : by)}" + (string.IsNullOrWhiteSpace(why) ? "" : ": " + why);

    private void EndLease(LeaseStatus status)
    {
        T.LeaseEndedAs = status;
        T.LeaseExpiresAt = null;
        T.LeaseToken = status == LeaseStatus.Completed ? T.LeaseToken : null;
    }
}

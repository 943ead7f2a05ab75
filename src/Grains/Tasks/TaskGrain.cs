using System.Collections.Immutable;
using Claw.Abstractions;
using Claw.Abstractions.Dispatch;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Sessions;
using Claw.Abstractions.Swarms;
using Claw.Abstractions.Tasks;
using Claw.Abstractions.Workflows;
using Claw.Grains.Dispatch;
using Claw.Grains.Leases;
using Claw.Grains.Storage;
using Claw.Grains.Telemetry;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Claw.Grains.Tasks;

/// <summary>
/// One task: the only writer of its status. Every change is written before it is answered; results are accepted
/// only from the current lease (fencing), and the lease grain is asked whether that lease is still live.
/// A submit of a new task writes without reading first; every other call reads the stored task before it runs.
/// </summary>
public sealed partial class TaskGrain(
    IGrainContext context,
    RelationalGrainStorage storage,
    IOptions<DispatchOptions> dispatch,
    IOptions<ReminderOptions> reminderOptions,
    ClawMetrics metrics,
    PendingResidency residency,
    TimeProvider time,
    ILogger<TaskGrain> logger) : Grain, ITaskGrain, IIncomingGrainCallFilter
{
    private readonly LazyState<TaskState> _state = new(storage, "task", context.GrainId);

    private TaskState T => _state.State;

    private string TaskId => this.GetPrimaryKeyString();

    public async Task<SubmitResult> SubmitAsync(TaskSubmission submission)
    {
        if (!_state.IsLoaded || !T.Exists)
        {
            Create(submission);
            var handOff = await DispatchNewAsync();
            if (await CreateRowAsync(handOff))
            {
                return await CreatedAsync(handOff);
            }

            ArmApprovalTimer(); // the task existed: memory now holds the stored one
        }

        return submission.IdempotencyFingerprint is { } fingerprint && fingerprint == T.IdempotencyFingerprint
            ? new SubmitResult(View(), Replayed: true)
            : throw ClawException.Conflict(ErrorCodes.IdempotencyConflict, "This idempotency key was used with a different request body.");
    }

    private void Create(TaskSubmission submission)
    {
        var now = time.GetUtcNow();
        T.Apply(submission);
        T.CreatedAt = now;
        T.UpdatedAt = now;
        T.AvailableAt = submission.RunAt is { } runAt && runAt > now ? runAt : now;
        T.Status = submission.RequiresApproval ? ClawTaskStatus.WaitingInput : ClawTaskStatus.Pending;
        T.ApprovalExpiresAt = submission.RequiresApproval && submission.ApprovalTimeoutSeconds is { } timeout ? now.AddSeconds(timeout) : null;
        Record(TaskEvents.Created);
        Record(submission.RequiresApproval ? TaskEvents.WaitingInput : TaskEvents.Queued);
    }

    private async Task<SubmitResult> CreatedAsync(HandOff? handOff)
    {
        metrics.TasksSubmitted.Add(1, new KeyValuePair<string, object?>("queue", T.Queue));
        if (handOff is not null)
        {
            await CompleteHandOffAsync(handOff);
        }

        await WatchApprovalDeadlineAsync();
        return new SubmitResult(View(), Replayed: false);
    }

    public Task<TaskView?> GetAsync() => Task.FromResult(T.Exists ? View() : null);

    public Task<ImmutableArray<TaskEvent>> GetTimelineAsync() => Task.FromResult(T.Exists ? T.Timeline.ToImmutableArray() : throw NotFound());

    public async Task<Assignment?> LeaseAsync(NodeProfile node, bool manual)
    {
        if (!manual && !T.Exists)
        {
            return null; // indexed by a submit whose write failed: nothing to run
        }

        EnsureExists();
        if (manual)
        {
            await PrepareManualAssignAsync(node);
        }
        else if (T.Status != ClawTaskStatus.Pending || T.Dispatch == DispatchMode.Manual || T.AvailableAt > time.GetUtcNow()
                 || !RequirementMatcher.Matches(T.Requirements, T.SwarmId, node))
        {
            return null;
        }

        if (!await TakeSwarmSlotAsync(manual))
        {
            return null;
        }

        // The lease and the task's record of it are written side by side, so the node waits for one commit, not two in
        // a row. Either may fail alone: a lease its task never recorded was never handed out, and the next issue of its
        // fence replaces it; a recorded lease that was not issued is given up here, or by the sweep at its deadline.
        var terms = AssignTo(node);
        var issued = GrainFactory.GetGrain<ILeaseGrain>(terms.LeaseId).IssueAsync(terms, onlyNew: false);
        var recorded = WriteAsync();
        try
        {
            await issued;
        }
        catch
        {
            ReleaseSwarmSlot();
            await GiveUpUnissuedLeaseAsync(recorded, terms.LeaseId);
            throw;
        }

        await recorded;
        if (manual)
        {
            await Queue().RemoveAsync(TaskId);
        }

        RecordDispatched();
        return CurrentAssignment();
    }

    /// <summary>Makes the next attempt's lease terms and records the task as assigned on them (in memory: the caller writes).</summary>
    private LeaseTerms AssignTo(NodeProfile node)
    {
        var fence = T.Fence + 1;
        var now = time.GetUtcNow();
        var terms = new LeaseTerms(TaskId, node.NodeId, LeaseTokens.New(fence), T.Attempt, fence, T.Queue, T.TimeoutSeconds, now);
        T.StartedAt ??= now;
        T.Status = ClawTaskStatus.Assigned;
        T.NodeId = node.NodeId;
        T.LeaseId = terms.LeaseId;
        T.LeaseToken = terms.Token;
        T.Fence = fence;
        T.LeaseExpiresAt = terms.ExpiresAt;
        T.LeaseEndedAs = null;
        Record(TaskEvents.Assigned);
        return terms;
    }

    private void RecordDispatched()
    {
        if (T.Attempt == 1 && T.CrashRequeues == 0)
        {
            metrics.SubmitToDispatch.Record((time.GetUtcNow() - T.CreatedAt).TotalSeconds, new KeyValuePair<string, object?>("queue", T.Queue));
        }
    }

    /// <summary>The lease was not issued: once the task's record of it is written, the task takes it back and requeues.</summary>
    private async Task GiveUpUnissuedLeaseAsync(Task recorded, string leaseId)
    {
        try
        {
            await recorded;
        }
        catch
        {
            return; // not recorded either: the next activation reads the task as it was
        }

        await LeaseLostAsync(leaseId, LeaseStatus.Revoked, LeaseGrain.NotIssued);
    }

    public Task<Assignment?> GetAssignmentAsync(string leaseId) =>
        Task.FromResult(T.IsLeased && leaseId == T.LeaseId ? CurrentAssignment() : null);

    public async Task<TaskView> StartAsync(LeaseProof proof)
    {
        await HolderTokenAsync(proof);
        if (T.Status == ClawTaskStatus.Assigned)
        {
            T.Status = ClawTaskStatus.InProgress;
            Record(TaskEvents.Started);
            await WriteAsync();
        }

        return View();
    }

    public async Task<TaskView> ProgressAsync(LeaseProof proof, TaskProgress progress)
    {
        await HolderTokenAsync(proof);
        T.Progress = progress with { At = time.GetUtcNow() };
        if (T.Status == ClawTaskStatus.Assigned)
        {
            T.Status = ClawTaskStatus.InProgress;
            Record(TaskEvents.Started);
        }

        Record(TaskEvents.Progress, $"{progress.Percent}%" + (progress.Message is { } m ? " " + m : ""));
        await WriteAsync();
        return View();
    }

    public async Task<TaskView> CompleteAsync(LeaseProof proof, string? resultJson)
    {
        if (T.Status == ClawTaskStatus.Completed && IsCompletingHolder(proof))
        {
            // A retried complete of the holder is a no-op when it carries the same result.
            return resultJson == T.ResultJson
                ? View()
                : throw ClawException.Conflict(ErrorCodes.InvalidTransition, "The task is already completed with another result.");
        }

        var token = await HolderTokenAsync(proof);
        await FinishLeaseAsync(token, LeaseStatus.Completed);
        var now = time.GetUtcNow();
        T.Status = ClawTaskStatus.Completed;
        T.ResultJson = resultJson;
        T.CompletedAt = now;
        EndLease(LeaseStatus.Completed);
        Record(TaskEvents.Completed);
        await WriteAsync();
        metrics.TasksCompleted.Add(1, new KeyValuePair<string, object?>("queue", T.Queue));
        metrics.SubmitToComplete.Record((now - T.CreatedAt).TotalSeconds, new KeyValuePair<string, object?>("queue", T.Queue));
        NotifyNode(completed: true);
        NotifyWorkflow();
        return View();
    }

    public async Task<TaskView> FailAsync(LeaseProof proof, string error, bool retriable)
    {
        var token = await HolderTokenAsync(proof);
        await FinishLeaseAsync(token, LeaseStatus.Failed);
        T.Error = error;
        EndLease(LeaseStatus.Failed);
        Record(TaskEvents.Failed, error);
        NotifyNode(completed: false);
        await RetryOrFailAsync(retriable);
        return View();
    }

    public async Task<LeaseView> RenewAsync(LeaseProof proof)
    {
        var token = await HolderTokenAsync(proof);
        var lease = GrainFactory.GetGrain<ILeaseGrain>(T.LeaseId!);
        await Judge(await lease.RenewAsync(token));
        var view = (await lease.GetAsync())!;
        T.LeaseExpiresAt = view.ExpiresAt;
        Record(TaskEvents.LeaseRenewed);
        await WriteAsync();
        return view;
    }

    public async Task<TaskView> ReleaseAsync(LeaseProof proof)
    {
        var token = await HolderTokenAsync(proof);
        await FinishLeaseAsync(token, LeaseStatus.Released);
        EndLease(LeaseStatus.Released);
        Record(TaskEvents.LeaseReleased);
        NotifyNode(completed: null);
        await RequeueAsync(time.GetUtcNow());
        return View();
    }

    public async Task<TaskView> CancelAsync(string? reason)
    {
        EnsureExists();
        if (T.Status.IsTerminal())
        {
            throw InvalidTransition("cancel");
        }

        if (T.IsLeased)
        {
            await GrainFactory.GetGrain<ILeaseGrain>(T.LeaseId!).RevokeAsync("task cancelled");
            EndLease(LeaseStatus.Revoked);
            NotifyNode(completed: null, SessionNotice.TaskCancelled, reason);
        }

        var hadDeadline = T.ApprovalExpiresAt is not null;
        T.ApprovalExpiresAt = null;
        T.Status = ClawTaskStatus.Cancelled;
        T.CompletedAt = time.GetUtcNow();
        Record(TaskEvents.Cancelled, reason);
        await WriteAsync();
        await Queue().RemoveAsync(TaskId);
        NotifyWorkflow();
        if (hadDeadline)
        {
            await ForgetApprovalDeadlineAsync();
        }

        return View();
    }

    public async Task DeleteAsync()
    {
        EnsureExists();
        if (!T.Status.IsTerminal())
        {
            throw InvalidTransition("delete");
        }

        await _state.ClearStateAsync();
        DeactivateOnIdle();
    }

    public async Task LeaseLostAsync(string leaseId, LeaseStatus status, string reason)
    {
        if (!T.IsLeased || leaseId != T.LeaseId)
        {
            return; // an old lease, or a repeated notice
        }

        var crashed = status == LeaseStatus.Revoked && reason == TaskEvents.NodeCrashed;
        EndLease(status);
        NotifyNode(completed: null, SessionNotice.LeaseRevoked, status == LeaseStatus.Expired ? ErrorCodes.LeaseExpired : reason);
        Record(status == LeaseStatus.Expired ? TaskEvents.LeaseExpired : TaskEvents.LeaseRevoked, reason);
        if (status == LeaseStatus.Expired)
        {
            metrics.LeaseExpirations.Add(1, new KeyValuePair<string, object?>("queue", T.Queue));
            await RetryOrFailAsync(retriable: true);
        }
        else
        {
            if (crashed)
            {
                Record(TaskEvents.NodeCrashed);
                T.CrashRequeues++;
            }

            // Not the task's fault: it runs again at once, without spending a retry.
            T.Attempt++;
            await RequeueAsync(time.GetUtcNow());
        }
    }

    public async Task ReconcileAsync()
    {
        if (T.IsLeased)
        {
            await GrainFactory.GetGrain<ILeaseGrain>(T.LeaseId!).CheckExpiryAsync();
        }
        else
        {
            await EnqueueIfDispatchableAsync();
        }
    }

    private async Task RetryOrFailAsync(bool retriable)
    {
        if (retriable && T.RetriesUsed < T.MaxRetries)
        {
            T.RetriesUsed++;
            var delay = RetryPolicy.Delay(T.RetryBackoff, T.Attempt);
            T.Attempt++;
            Record(TaskEvents.RetryScheduled, $"in {delay.TotalSeconds:0.###} s");
            metrics.TasksRetried.Add(1, new KeyValuePair<string, object?>("queue", T.Queue));
            LogRetryScheduled(logger, TaskId, T.Attempt, delay.TotalSeconds, T.CorrelationId);
            await RequeueAsync(time.GetUtcNow() + delay);
            return;
        }

        T.Status = ClawTaskStatus.Failed;
        T.CompletedAt = time.GetUtcNow();
        await WriteAsync();
        NotifyWorkflow();
        metrics.TasksFailed.Add(1, new KeyValuePair<string, object?>("queue", T.Queue));
        LogFailedFinally(logger, TaskId, T.Attempt, retriable, T.CorrelationId);
    }

    private async Task RequeueAsync(DateTimeOffset availableAt)
    {
        T.Status = ClawTaskStatus.Pending;
        T.AvailableAt = availableAt;
        Record(TaskEvents.Queued);
        await WriteAsync();
        await EnqueueIfDispatchableAsync();
    }

    private async Task PrepareManualAssignAsync(NodeProfile node)
    {
        if (T.Status == ClawTaskStatus.Assigned)
        {
            // Reassigning an unstarted task: the old lease is revoked first, and its fence makes it stale.
            await GrainFactory.GetGrain<ILeaseGrain>(T.LeaseId!).RevokeAsync("reassigned");
            EndLease(LeaseStatus.Revoked);
            Record(TaskEvents.LeaseRevoked, "reassigned");
            NotifyNode(completed: null, SessionNotice.LeaseRevoked, "reassigned");
            T.Status = ClawTaskStatus.Pending;
        }

        if (T.Status != ClawTaskStatus.Pending)
        {
            throw ClawException.Conflict(ErrorCodes.TaskNotPending, $"The task is {T.Status.Wire()}; only pending or unstarted tasks can be assigned.");
        }

        if (!RequirementMatcher.Matches(T.Requirements, T.SwarmId, node))
        {
            throw ClawException.Conflict(ErrorCodes.NodeCannotRun, $"Node '{node.NodeId}' does not meet the task's requirements.");
        }
    }

    /// <summary>The current lease's token if <paramref name="proof"/> identifies its holder; otherwise the fencing refusal.</summary>
    private async Task<string> HolderTokenAsync(LeaseProof proof)
    {
        EnsureExists();
        var fence = ProofFence(proof);
        if (fence is { } f && f < T.Fence)
        {
            throw await RejectResultAsync(ErrorCodes.StaleLease, "An older lease of this task was presented; a newer attempt owns it now.");
        }

        if (!T.IsLeased)
        {
            // The last holder learns why it lost the task: by its lease's fence, or (ClawBot calls) by its node id.
            var lastHolder = fence == T.Fence || (fence is null && proof.NodeId is not null && proof.NodeId == T.NodeId);
            if (lastHolder && T.LeaseEndedAs is LeaseStatus.Expired or LeaseStatus.Revoked)
            {
                throw await RejectResultAsync(
                    T.LeaseEndedAs == LeaseStatus.Expired ? ErrorCodes.LeaseExpired : ErrorCodes.LeaseRevoked,
                    $"The lease {LeaseIds.For(TaskId, T.Fence)} has ended ({T.LeaseEndedAs.Value.Wire()}).");
            }

            throw InvalidTransition("report on");
        }

        var owns = (proof.LeaseId is null || proof.LeaseId == T.LeaseId)
                   && (proof.Token is null || proof.Token == T.LeaseToken)
                   && (proof.NodeId is null || proof.NodeId == T.NodeId);
        return owns ? T.LeaseToken! : throw ClawException.Conflict(ErrorCodes.LeaseNotOwner, "The presented lease or node does not hold this task.");
    }

    private static long? ProofFence(LeaseProof proof)
    {
        if (proof.LeaseId is { } id && LeaseIds.TryParse(id, out _, out var fence))
        {
            return fence;
        }

        return LeaseTokens.FenceOf(proof.Token);
    }

    private bool IsCompletingHolder(LeaseProof proof) =>
        (proof.LeaseId is null || proof.LeaseId == T.LeaseId)
        && (proof.Token is null || proof.Token == T.LeaseToken)
        && (proof.NodeId is null || proof.NodeId == T.NodeId);

    private async Task FinishLeaseAsync(string token, LeaseStatus end) =>
        await Judge(await GrainFactory.GetGrain<ILeaseGrain>(T.LeaseId!).FinishAsync(token, end));

    /// <summary>Turns the lease grain's refusal into the task's: the lease ended, so the task learns it now.</summary>
    private async Task Judge(LeaseOutcome outcome)
    {
        if (outcome == LeaseOutcome.Accepted)
        {
            return;
        }

        var lease = await GrainFactory.GetGrain<ILeaseGrain>(T.LeaseId!).GetAsync();
        if (lease is { Status: LeaseStatus.Expired or LeaseStatus.Revoked })
        {
            await LeaseLostAsync(lease.Id, lease.Status, lease.Status == LeaseStatus.Expired ? "deadline passed" : "revoked");
        }

        throw await RejectResultAsync(outcome == LeaseOutcome.Expired ? ErrorCodes.LeaseExpired : ErrorCodes.LeaseNotOwner, "The lease is no longer live.");
    }

    /// <summary>Records a refused result (the node is told over its channel) and returns the error to throw.</summary>
    private async Task<ClawException> RejectResultAsync(string code, string detail)
    {
        Record(TaskEvents.ResultRejected, code);
        await WriteAsync();
        metrics.ResultsRejected.Add(1, new KeyValuePair<string, object?>("code", code));
        return ClawException.Conflict(code, detail);
    }

    private void EndLease(LeaseStatus status)
    {
        T.LeaseEndedAs = status;
        T.LeaseExpiresAt = null;
        T.LeaseToken = status == LeaseStatus.Completed ? T.LeaseToken : null;
    }

    /// <summary>Frees the node's slot; a <paramref name="noticeType"/> is pushed to its session (the end was not its doing).</summary>
    private void NotifyNode(bool? completed, string? noticeType = null, string? reason = null)
    {
        if (T.NodeId is { } nodeId && T.LeaseId is { } leaseId)
        {
            var notice = noticeType is null ? null : new SessionNotice(noticeType, TaskId, leaseId, reason, T.CorrelationId);
            GrainFactory.GetGrain<INodeGrain>(nodeId).LeaseEndedAsync(leaseId, completed, notice).Ignore();
        }

        ReleaseSwarmSlot();
    }

    /// <summary>Asks the task's swarm for a slot; turned away, an automatic lease parks the task with the swarm (out of the index).</summary>
    private async Task<bool> TakeSwarmSlotAsync(bool manual)
    {
        if (T.SwarmId is not { } swarmId)
        {
            return true;
        }

        var grant = await GrainFactory.GetGrain<ISwarmGrain>(swarmId).AcquireSlotAsync(TaskId);
        if (grant == SlotGrant.Granted)
        {
            return true;
        }

        if (manual)
        {
            throw grant switch
            {
                SlotGrant.Paused => ClawException.Conflict(ErrorCodes.SwarmPaused, $"Swarm '{swarmId}' is paused."),
                SlotGrant.Stopped => ClawException.Conflict(ErrorCodes.SwarmStopped, $"Swarm '{swarmId}' is stopped."),
                _ => ClawException.Conflict(ErrorCodes.NodeUnavailable, $"Swarm '{swarmId}' runs as many tasks as it may."),
            };
        }

        if (grant == SlotGrant.Stopped)
        {
            await CancelAsync($"swarm {swarmId} stopped");
            return false;
        }

        // Out of the index until the swarm re-drives it (resume or a freed slot); the queue forgets the take.
        await Queue().RemoveAsync(TaskId);
        return false;
    }

    private void ReleaseSwarmSlot()
    {
        if (T.SwarmId is { } swarmId)
        {
            GrainFactory.GetGrain<ISwarmGrain>(swarmId).ReleaseSlotAsync(TaskId).Ignore();
        }
    }

    /// <summary>Tells the task's workflow that this step ended; the workflow's reminder covers a notice lost with a silo.</summary>
    private void NotifyWorkflow()
    {
        if (T.WorkflowId is { } workflowId && T.Status.IsTerminal())
        {
            GrainFactory.GetGrain<IWorkflowGrain>(workflowId)
                .StepEndedAsync(new StepOutcome(TaskId, T.Status, T.Attempt, T.StartedAt, T.CompletedAt, T.Error)).Ignore();
        }
    }

    private Assignment CurrentAssignment() => new(
        TaskId, T.LeaseId!, T.LeaseToken!, T.LeaseExpiresAt!.Value, T.Attempt, T.Queue, T.Type, T.Priority, T.PayloadJson, T.CorrelationId);

    private async Task EnqueueIfDispatchableAsync()
    {
        if (T.Status == ClawTaskStatus.Pending && T.Dispatch == DispatchMode.Auto)
        {
            await Queue().EnqueueAsync(T.ToEntry(TaskId));
        }
    }

    private IQueueGrain Queue() => GrainFactory.GetGrain<IQueueGrain>(dispatch.Value.PartitionKeyOf(T.Queue, TaskId));

    private void Record(string type, string? detail = null)
    {
        T.Timeline.Add(new TaskEvent(type, time.GetUtcNow(), T.Attempt, T.NodeId, T.LeaseId, RequestContext.Get(CorrelationContext.Key) as string ?? T.CorrelationId, detail));
        if (TaskEvents.Repeatable.Contains(type) && T.Timeline.Count(e => e.Type == type) > TaskEvents.MaxRepeatedEvents)
        {
            T.Timeline.Remove(T.Timeline.First(e => e.Type == type));
        }
    }

    private async Task WriteAsync()
    {
        T.UpdatedAt = time.GetUtcNow();
        await _state.WriteOrForgetAsync(this);
        if (T.Status.IsTerminal())
        {
            // A finished task only answers reads from now on: its memory goes back at once, not after the idle age.
            DeactivateOnIdle();
        }
    }

    private void EnsureExists()
    {
        if (!T.Exists)
        {
            throw NotFound();
        }
    }

    private ClawException NotFound() => ClawException.NotFound("task", TaskId);

    private ClawException InvalidTransition(string action) =>
        ClawException.Conflict(ErrorCodes.InvalidTransition, $"Cannot {action} a task that is {T.Status.Wire()}.");

    private TaskView View() => T.ToView(TaskId);

    [LoggerMessage(EventIds.TaskRetryScheduled, LogLevel.Information, "Task {TaskId} retries as attempt {Attempt} in {DelaySeconds:0.###} s [correlation {CorrelationId}]")]
    private static partial void LogRetryScheduled(ILogger logger, string taskId, int attempt, double delaySeconds, string correlationId);

    [LoggerMessage(EventIds.TaskFailedFinally, LogLevel.Information, "Task {TaskId} failed for good on attempt {Attempt} (retriable: {Retriable}) [correlation {CorrelationId}]")]
    private static partial void LogFailedFinally(ILogger logger, string taskId, int attempt, bool retriable, string correlationId);
}

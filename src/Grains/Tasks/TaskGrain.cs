using System.Collections.Immutable;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Tasks;
using Claw.Grains.Dispatch;
using Claw.Grains.Storage;
using Claw.Grains.Telemetry;
using Microsoft.Extensions.Options;

namespace Claw.Grains.Tasks;

/// <summary>
/// One task: the only writer of its status. Every change is written before it is answered; the rules are
/// <see cref="TaskLifecycle"/> (transitions, retries, timeline) and <see cref="LeaseFence"/> (who may report), and the
/// grain's collaborators share one <see cref="TaskRecord"/>: <see cref="TaskLeasing"/> hands out attempts,
/// <see cref="HolderReports"/> takes the holder's reports, <see cref="TaskEndings"/> ends attempts and the task,
/// <see cref="TaskGates"/> lets it through a workflow's or an approval's gate, <see cref="ApprovalGate"/> keeps an
/// approval deadline, <see cref="LeaseDeadline"/> the live lease's, and <see cref="TaskHandOff"/> gives a new task
/// straight to a waiting node. The task is its leases' only keeper and judge: the live lease is in its row, and a lease
/// id names its task (<see cref="LeaseIds"/>). A submit of a new task writes without reading first; every other call
/// reads the stored task first.
/// </summary>
public sealed class TaskGrain : Grain, ITaskGrain, IIncomingGrainCallFilter, IRemindable
{
    private readonly LazyState<TaskState> _state;
    private readonly TaskRecord _task;
    private readonly TaskNeighbours _around;
    private readonly ApprovalGate _gate;
    private readonly TaskEndings _endings;
    private readonly TaskLeasing _leasing;
    private readonly HolderReports _reports;
    private readonly TaskGates _gates;
    private readonly TaskHandOff _handOffs;
    private readonly ResidencyHold _residency;
    private readonly LeaseDeadline _leaseDeadline;
    private readonly ClawMetrics _metrics;

    public TaskGrain(
        IGrainContext context,
        IGrainFactory grains,
        RelationalGrainStorage storage,
        IOptions<DispatchOptions> dispatch,
        IOptions<ReminderOptions> reminderOptions,
        IOptions<TaskOptions> taskOptions,
        ClawMetrics metrics,
        PendingResidency residency,
        TimeProvider time,
        ILogger<TaskGrain> logger)
    {
        var taskId = context.GrainId.Key.ToString()!;
        _state = new(storage, "task", context.GrainId);
        _around = new(grains, dispatch.Value, taskId);
        _task = new(this, _state, taskId, time, _around, taskOptions.Value.ProgressInterval);
        _gate = new(this, reminderOptions.Value.MinimumReminderPeriod, time, CheckApprovalDeadlineAsync);
        _endings = new(_task, _around, _gate, metrics, logger);
        _leasing = new(_task, _around, _endings, metrics);
        _reports = new(_task, _around, _endings, metrics);
        _gates = new(_task, _gate, _endings);
        _handOffs = new(grains, taskId, time, logger);
        _residency = new(residency);
        _leaseDeadline = new(this, time, OnLeaseDeadlineAsync);
        _metrics = metrics;
    }

    private TaskState T => _state.State;

    public async Task<SubmitResult> SubmitAsync(TaskSubmission submission)
    {
        if (!_state.IsLoaded || !T.Exists)
        {
            _task.Life.Create(await TaskAdmission.AdmitAsync(GrainFactory, _task.TaskId, submission));
            await _gate.WatchAsync(T); // before the write: a stored deadline is never without its reminder
            var handOff = await DispatchNewAsync();
            if (await CreateRowAsync(handOff))
            {
                _metrics.TasksSubmitted.Add(1, _task.QueueTag);
                CompleteHandOff(handOff);
                return new SubmitResult(_task.View(), Replayed: false);
            }

            await _gate.WatchAsync(T); // the task existed: memory now holds the stored one, and its deadline
        }

        return submission.IdempotencyFingerprint is { } fingerprint && fingerprint == T.IdempotencyFingerprint
            ? new SubmitResult(_task.View(), Replayed: true)
            : throw ClawException.Conflict(ErrorCodes.IdempotencyConflict, "This idempotency key was used with a different request body.");
    }

    public Task<TaskView?> GetAsync() => Task.FromResult(T.Exists ? _task.View() : null);

    public Task<ImmutableArray<TaskEvent>> GetTimelineAsync() => Task.FromResult(T.Exists ? T.Timeline.ToImmutableArray() : throw _task.NotFound());

    public Task<Assignment?> GetAssignmentAsync(string leaseId) =>
        Task.FromResult(T.IsLeased && leaseId == T.LeaseId ? T.ToAssignment(_task.TaskId) : null);

    public Task<Assignment?> LeaseAsync(NodeProfile node, bool manual) => _leasing.LeaseAsync(node, manual);

    public Task<string> PushToHolderAsync() => _leasing.PushToHolderAsync();

    public async Task<TaskView> StartAsync(LeaseProof proof) => await ViewAfter(_reports.StartAsync(proof));

    public async Task<TaskView> ProgressAsync(LeaseProof proof, TaskProgress progress) => await ViewAfter(_reports.ProgressAsync(proof, progress));

    public async Task<TaskView> CompleteAsync(LeaseProof proof, string? resultJson) => await ViewAfter(_reports.CompleteAsync(proof, resultJson));

    public async Task<TaskView> FailAsync(LeaseProof proof, string error, bool retriable, string? resultJson = null, string? errorCode = null) =>
        await ViewAfter(_reports.FailAsync(proof, error, retriable, resultJson, errorCode));

    public Task<LeaseView> RenewAsync(LeaseProof proof) => _reports.RenewAsync(proof);

    public async Task<TaskView> ReleaseAsync(LeaseProof proof) => await ViewAfter(_reports.ReleaseAsync(proof));

    public async Task<TaskView> CancelAsync(string? reason) => await ViewAfter(_endings.CancelAsync(reason));

    public async Task<TaskView> OpenAsync(string? payloadJson, bool automatic) => await ViewAfter(_gates.OpenAsync(payloadJson, automatic));

    public async Task<TaskView> RetryAsync(string? reason) => await ViewAfter(_endings.RetryAsync(reason));

    public async Task DeleteAsync()
    {
        _task.EnsureExists();
        if (!T.Status.IsTerminal())
        {
            await _endings.CancelAsync("task deleted"); // its holder, queue and workflow hear of it before it is gone
        }

        await _state.ClearStateAsync();
        DeactivateOnIdle();
    }

    public Task RevokeLeaseAsync(string leaseId, string reason) => _endings.RevokeLeaseAsync(leaseId, reason);

    public Task<LeaseView?> GetLeaseAsync(string leaseId) => Task.FromResult(LeaseHistory.Find(T, _task.TaskId, leaseId));

    public Task ReconcileAsync(long? rowVersion) => _endings.ReconcileAsync(rowVersion);

    public async Task<TaskView> ApproveAsync(string? by, string? comment) => await ViewAfter(_gates.ApproveAsync(by, comment));

    public async Task<TaskView> RejectAsync(string? by, string? reason) => await ViewAfter(_gates.RejectAsync(by, reason));

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == ApprovalGate.ReminderName ? CheckApprovalDeadlineAsync() : Task.CompletedTask;

    /// <summary>Every call reads the state first unless memory holds it; after the call, the task reviews its lease deadline and its place in memory.</summary>
    public async Task Invoke(IIncomingGrainCallContext call)
    {
        try
        {
            await _state.InvokeAsync(call, nameof(SubmitAsync), () => _gate.Arm(T));
        }
        finally
        {
            AfterChange();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _residency.Release();
        return _task.FlushProgressAsync(); // the last coalesced progress report is written, not lost
    }

    /// <summary>A new automatic task outside a swarm and a concurrency lane is offered to a waiting node before its first write.</summary>
    private async Task<HandOff?> DispatchNewAsync()
    {
        if (T.IsDispatchable && T.SwarmId is null && T.Lanes().Count == 0)
        {
            return await _handOffs.OfferAsync(T, _around.Queue(T), profile => _task.Life.Assign(_task.TaskId, profile));
        }

        await _around.EnqueueIfDispatchableAsync(T); // a swarm's or a lane's slot is taken at lease time, by the usual path
        return null;
    }

    /// <summary>Writes the new task; false when it existed already (memory then holds the stored task). A hand-off the write does not keep is undone.</summary>
    private async Task<bool> CreateRowAsync(HandOff? handOff)
    {
        bool created;
        try
        {
            created = await (_state.IsLoaded ? RewriteAsync() : _state.TryCreateAsync(this));
        }
        catch
        {
            _handOffs.Abandon(handOff);
            throw;
        }

        if (!created)
        {
            _handOffs.Abandon(handOff);
            await _around.EnqueueIfDispatchableAsync(T); // the stored task's entry, in place of the one this submit indexed
        }

        return created;
    }

    /// <summary>The task is written as assigned: the node gets its assignment.</summary>
    private void CompleteHandOff(HandOff? handOff)
    {
        if (handOff is not null)
        {
            _handOffs.Deliver(handOff, T.ToAssignment(_task.TaskId));
            _leasing.RecordDispatched();
        }
    }

    private Task CheckApprovalDeadlineAsync() => _endings.CheckApprovalDeadlineAsync();

    private async Task OnLeaseDeadlineAsync()
    {
        _leaseDeadline.Fired();
        try
        {
            await _endings.ExpireLeaseAsync(); // a tick a little early re-arms below
        }
        finally
        {
            AfterChange();
        }
    }

    /// <summary>
    /// After a call or a deadline: the live lease's timer follows its deadline, and a pending task keeps its place in
    /// memory or leaves it. After a call, not after each write: a task leased in the call that read it was pending only a moment.
    /// </summary>
    private void AfterChange()
    {
        var loaded = _state.IsLoaded && T.Exists;
        _leaseDeadline.Follow(loaded ? T : null);
        if (!_residency.Keep(T, loaded && T.Status == ClawTaskStatus.Pending))
        {
            DeactivateOnIdle();
        }
    }

    private async Task<bool> RewriteAsync()
    {
        await _task.WriteAsync();
        return true;
    }

    private async Task<TaskView> ViewAfter(Task change)
    {
        await change;
        return _task.View();
    }
}

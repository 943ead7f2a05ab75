using Claw.Abstractions.Leases;
using Claw.Abstractions.Tasks;
using Claw.Grains.Storage;
using Claw.Grains.Timing;

namespace Claw.Grains.Leases;

/// <summary>
/// One attempt's ownership and the only judge of whether it is live. A grain timer fires at the deadline while the
/// grain is active; the queue partition's sweep reminder calls <see cref="CheckExpiryAsync"/> if its silo died.
/// Notices to the task are one-way, so a task waiting on this grain can never deadlock with it.
/// </summary>
public sealed partial class LeaseGrain(
    IGrainContext context,
    RelationalGrainStorage storage,
    TimeProvider time,
    ILogger<LeaseGrain> logger) : Grain, ILeaseGrain, IIncomingGrainCallFilter
{
    /// <summary>Why a task loses a lease it recorded but that was never issued.</summary>
    public const string NotIssued = "lease not issued";

    /// <summary>Why a task loses a lease its holder ended while the task's record of that end was lost.</summary>
    public const string EndNotRecorded = "lease ended but its task never recorded the end";

    private readonly LazyState<LeaseState> _state = new(storage, "lease", context.GrainId);
    private GrainDeadline? _deadline;

    private LeaseState Lease => _state.State;

    private string LeaseId => this.GetPrimaryKeyString();

    /// <summary>No backstop of its own: the queue partition's sweep reminder checks leases whose silo died.</summary>
    private GrainDeadline Deadline => _deadline ??= new(this, null, TimeSpan.Zero, time, OnDeadlineAsync);

    /// <summary>An issue writes without reading first; every other call reads the stored lease (and arms its deadline).</summary>
    public Task Invoke(IIncomingGrainCallContext call) => _state.InvokeAsync(call, nameof(IssueAsync), ArmDeadline);

    public async Task<LeaseView?> IssueAsync(LeaseTerms terms, bool onlyNew)
    {
        if (!_state.IsLoaded)
        {
            Hold(terms);
            if (await _state.TryCreateAsync(this))
            {
                ArmDeadline();
                return View();
            }

            ArmDeadline(); // memory now holds the stored lease
        }

        if (onlyNew && Lease.Exists)
        {
            return null;
        }

        if (Lease.Token == terms.Token)
        {
            ArmDeadline();
            return View(); // a retried issue of the same lease
        }

        // Stored under another token: its task never recorded that issue, so it was never handed out. These terms replace it.
        Hold(terms);
        await _state.WriteOrForgetAsync(this);
        ArmDeadline();
        return View();
    }

    private void Hold(LeaseTerms terms) => LeaseValidity.Hold(Lease, terms);

    public Task<LeaseView?> GetAsync() => Task.FromResult(Lease.Exists ? View() : null);

    public async Task<LeaseOutcome> RenewAsync(string token)
    {
        if (await RefuseAsync(token) is { } refused)
        {
            return refused;
        }

        LeaseValidity.Renew(Lease, time.GetUtcNow());
        await _state.WriteOrForgetAsync(this);
        ArmDeadline();
        return LeaseOutcome.Accepted;
    }

    public async Task<LeaseOutcome> FinishAsync(string token, LeaseStatus end)
    {
        if (LeaseValidity.IsRepeatedEnd(Lease, token, end))
        {
            return LeaseOutcome.Accepted; // the task writes the end it lost
        }

        if (await RefuseAsync(token) is { } refused)
        {
            return refused;
        }

        await EndAsync(end, end.Wire());
        return LeaseOutcome.Accepted;
    }

    public async Task RevokeAsync(string reason)
    {
        if (Lease.Exists && Lease.Status == LeaseStatus.Active)
        {
            await EndAsync(LeaseStatus.Revoked, reason);
            LogRevoked(logger, LeaseId, reason);
            GrainFactory.GetGrain<ITaskGrain>(Lease.TaskId).LeaseLostAsync(LeaseId, LeaseStatus.Revoked, reason).Ignore();
        }
    }

    public async Task CheckExpiryAsync()
    {
        if (!Lease.Exists)
        {
            // Asked about a lease its task recorded but that was never issued: nobody holds it, so the task takes it back.
            if (LeaseIds.TryParse(LeaseId, out var taskId, out _))
            {
                GrainFactory.GetGrain<ITaskGrain>(taskId).LeaseLostAsync(LeaseId, LeaseStatus.Revoked, NotIssued).Ignore();
            }

            return;
        }

        if (Lease.Status == LeaseStatus.Active)
        {
            if (!LeaseValidity.HasExpired(Lease, time.GetUtcNow()))
            {
                ArmDeadline(); // timers may fire a little early; a one-shot check must not be the last one
                return;
            }

            await EndAsync(LeaseStatus.Expired, "deadline passed");
            LogExpired(logger, LeaseId, Lease.NodeId);
        }
        else if (LeaseValidity.EndWasNotRecorded(Lease, time.GetUtcNow()))
        {
            await EndAsync(LeaseStatus.Revoked, EndNotRecorded);
            LogRevoked(logger, LeaseId, EndNotRecorded);
        }

        // Told again on every check: the first notice may have died with a silo; the task ignores repeats.
        if (Lease.Status is LeaseStatus.Expired or LeaseStatus.Revoked)
        {
            GrainFactory.GetGrain<ITaskGrain>(Lease.TaskId).LeaseLostAsync(LeaseId, Lease.Status, Lease.EndReason ?? "").Ignore();
        }
    }

    /// <summary>A tick queued before the lease ended must not judge the ended lease: only a task that records it asks that.</summary>
    private Task OnDeadlineAsync() => Lease.Status == LeaseStatus.Active ? CheckExpiryAsync() : Task.CompletedTask;

    /// <summary>Null when the lease is live and the token is its own; otherwise why not.</summary>
    private async Task<LeaseOutcome?> RefuseAsync(string token)
    {
        if (LeaseValidity.IsHolder(Lease, token) && LeaseValidity.HasExpired(Lease, time.GetUtcNow()))
        {
            await CheckExpiryAsync(); // the timer has not fired yet, but the deadline has passed
        }

        return LeaseValidity.Refusal(Lease, token);
    }

    private async Task EndAsync(LeaseStatus status, string reason)
    {
        Lease.Status = status;
        Lease.EndReason = reason;
        await _state.WriteOrForgetAsync(this);
        Deadline.StopTimer();
        DeactivateOnIdle(); // an ended lease only answers reads from now on
    }

    private void ArmDeadline()
    {
        Deadline.StopTimer();
        if (Lease.Exists && Lease.Status == LeaseStatus.Active)
        {
            Deadline.CheckAt(Lease.ExpiresAt);
        }
    }

    private LeaseView View() => new(
        LeaseId, Lease.TaskId, Lease.NodeId, Lease.Token, Lease.Attempt, Lease.Status, Lease.IssuedAt, Lease.ExpiresAt, Lease.Renewals, Lease.Fence);

    [LoggerMessage(EventIds.LeaseExpired, LogLevel.Information, "Lease {LeaseId} of node {NodeId} expired")]
    private static partial void LogExpired(ILogger logger, string leaseId, string nodeId);

    [LoggerMessage(EventIds.LeaseRevoked, LogLevel.Information, "Lease {LeaseId} revoked: {Reason}")]
    private static partial void LogRevoked(ILogger logger, string leaseId, string reason);
}

using Claw.Abstractions.Audit;
using Claw.Abstractions.Auth;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Identity;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Tasks;
using Claw.Grains.Telemetry;

namespace Claw.Grains.Tasks;

/// <summary>
/// What the holder of a task's lease reports: started, progress, renewed, released, completed, failed. Each report is
/// fenced first (<see cref="LeaseFence"/>), and the lease grain, the only judge of liveness, confirms the lease is live.
/// A refused zombie is recorded in the timeline as <c>result_rejected</c>.
/// </summary>
public sealed class HolderReports(TaskRecord task, TaskNeighbours around, TaskEndings endings, ClawMetrics metrics)
{
    private TaskState T => task.State;

    public async Task StartAsync(LeaseProof proof)
    {
        await HolderTokenAsync(proof);
        if (task.Life.Start())
        {
            await task.WriteAsync();
        }
    }

    /// <summary>A report that starts the task is written at once; later ones are coalesced (<see cref="ProgressThrottle"/>).</summary>
    public async Task ProgressAsync(LeaseProof proof, TaskProgress progress)
    {
        await HolderTokenAsync(proof);
        var started = T.Status == ClawTaskStatus.InProgress;
        task.Life.Progress(progress);
        if (!started || task.ProgressWrites.WriteNow(task.Now))
        {
            await task.WriteAsync();
        }
        else
        {
            task.FlushProgressLater();
        }
    }

    public async Task CompleteAsync(LeaseProof proof, string? resultJson)
    {
        await CheckEvidenceAsync(proof);
        if (T.Status == ClawTaskStatus.Completed && LeaseFence.Names(T, proof) && LeaseFence.Vouches(PrincipalContext.Current, T, proof))
        {
            // A retried complete of the holder is a no-op when it carries the same result.
            if (resultJson != T.ResultJson)
            {
                throw ClawException.Conflict(ErrorCodes.InvalidTransition, "The task is already completed with another result.");
            }

            return;
        }

        await FinishLeaseAsync(proof, LeaseStatus.Completed);
        task.Life.Complete(resultJson);
        await task.WriteAsync();
        metrics.TasksCompleted.Add(1, task.QueueTag);
        metrics.SubmitToComplete.Record((T.CompletedAt!.Value - T.CreatedAt).TotalSeconds, task.QueueTag);
        around.LeaseEnded(T, completed: true);
        around.StepEnded(T);
    }

    public async Task FailAsync(LeaseProof proof, string error, bool retriable, string? resultJson, string? errorCode)
    {
        await CheckEvidenceAsync(proof);
        var token = await HolderTokenAsync(proof);
        await AdmitFailureAsync();
        await JudgeAsync(await around.Lease(T.LeaseId!).FinishAsync(token, LeaseStatus.Failed));
        var category = FailurePolicy.Categorise(T, retriable, errorCode);
        task.Life.Fail(error, resultJson, errorCode, category);
        around.LeaseEnded(T, completed: false);
        await endings.RetryOrFailAsync(category == FailureCategory.Retriable);
    }

    public async Task<LeaseView> RenewAsync(LeaseProof proof)
    {
        var token = await HolderTokenAsync(proof);
        var lease = around.Lease(T.LeaseId!);
        await JudgeAsync(await lease.RenewAsync(token));
        var view = (await lease.GetAsync())!;
        task.Life.Renewed(view.ExpiresAt);
        await task.WriteAsync();
        return view;
    }

    public async Task ReleaseAsync(LeaseProof proof)
    {
        await FinishLeaseAsync(proof, LeaseStatus.Released);
        around.LeaseEnded(T, completed: null);
        task.Life.Released();
        await task.WriteAndEnqueueAsync();
    }

    /// <summary>
    /// A result's signature is judged before the result, by the holder's identity: when the result is signed, or when
    /// this caller must sign and the holder had a key at its lease. An unsigned result of a keyless holder costs no call.
    /// </summary>
    private async Task CheckEvidenceAsync(LeaseProof proof)
    {
        if (proof.Evidence is not { } evidence || T.NodeId is not { } nodeId || (proof.LeaseId ?? T.LeaseId) is not { } leaseId)
        {
            return; // nobody holds it: the fence refuses the result itself
        }

        if (evidence.Signature is not null || (evidence.SignatureRequired && !T.HolderKeyless))
        {
            await around.Identity(nodeId).CheckResultAsync(
                new ResultClaim(task.TaskId, leaseId, T.Attempt, evidence.Member, evidence.ValueJson, evidence.Signature, evidence.SignatureRequired));
        }
    }

    /// <summary>
    /// A node's failure reports are limited per node, cluster-wide, by its node grain (an operator's are not): past the
    /// budget the report is refused with 429 and the lease runs on.
    /// </summary>
    private async Task AdmitFailureAsync()
    {
        if (PrincipalContext.Current is { IsOperator: false } && T.NodeId is { } nodeId && await around.Node(nodeId).AdmitFailureAsync() is { } wait)
        {
            throw ClawException.RateLimited($"Node '{nodeId}' reported too many failures; report again later.", wait);
        }
    }

    /// <summary>The current lease's token if <paramref name="proof"/> identifies its holder; otherwise the fencing refusal.</summary>
    private async Task<string> HolderTokenAsync(LeaseProof proof)
    {
        task.EnsureExists();
        var caller = PrincipalContext.Current;
        var verdict = LeaseFence.Judge(T, proof, caller);
        if (verdict == FenceVerdict.Holder)
        {
            return T.LeaseToken!;
        }

        var (code, detail) = LeaseFence.Refusal(verdict, T, task.TaskId);
        if (verdict == FenceVerdict.Unproven)
        {
            around.Audit(AuditType.AuthorizationFailure, caller!, T.NodeId, "report without lease proof", code);
        }

        throw LeaseFence.IsRecorded(verdict) ? await RejectResultAsync(code, detail) : ClawException.Conflict(code, detail);
    }

    /// <summary>Ends the holder's lease with the lease grain (which may find it expired meanwhile).</summary>
    private async Task FinishLeaseAsync(LeaseProof proof, LeaseStatus end)
    {
        var token = await HolderTokenAsync(proof);
        await JudgeAsync(await around.Lease(T.LeaseId!).FinishAsync(token, end));
    }

    /// <summary>Turns the lease grain's refusal into the task's: the lease ended, so the task learns it now.</summary>
    private async Task JudgeAsync(LeaseOutcome outcome)
    {
        if (outcome == LeaseOutcome.Accepted)
        {
            return;
        }

        if (await around.Lease(T.LeaseId!).GetAsync() is { Status: LeaseStatus.Expired or LeaseStatus.Revoked } lease)
        {
            await endings.LeaseLostAsync(lease.Id, lease.Status, lease.Status == LeaseStatus.Expired ? "deadline passed" : "revoked");
        }

        throw await RejectResultAsync(LeaseFence.CodeOf(outcome), "The lease is no longer live.");
    }

    /// <summary>Records a refused result (the node is told over its channel) and returns the error to throw.</summary>
    private async Task<ClawException> RejectResultAsync(string code, string detail)
    {
        task.Life.ResultRejected(code);
        await task.WriteAsync();
        metrics.ResultsRejected.Add(1, new KeyValuePair<string, object?>("code", code));
        return ClawException.Conflict(code, detail);
    }
}

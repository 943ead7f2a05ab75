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
/// fenced first (<see cref="LeaseFence"/>), then the lease's deadline is checked: the task keeps its lease, so a report
/// past the deadline ends the lease as expired and is refused. A refused zombie is recorded in the timeline as
/// <c>result_rejected</c>.
/// </summary>
public sealed class HolderReports(TaskRecord task, TaskNeighbours around, TaskEndings endings, ClawMetrics metrics)
{
    private TaskState T => task.State;

    public async Task StartAsync(LeaseProof proof)
    {
        await CheckHolderAsync(proof);
        if (task.Life.Start())
        {
            await task.WriteAsync();
        }
    }

    /// <summary>A report that starts the task is written at once; later ones are coalesced (<see cref="ProgressThrottle"/>).</summary>
    public async Task ProgressAsync(LeaseProof proof, TaskProgress progress)
    {
        await CheckHolderAsync(proof);
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

        await CheckHolderAsync(proof);
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
        await CheckHolderAsync(proof);
        await AdmitFailureAsync();
        var category = FailurePolicy.Categorise(T, retriable, errorCode);
        task.Life.Fail(error, resultJson, errorCode, category);
        await endings.RetryOrFailAsync(category == FailureCategory.Retriable);
        around.LeaseEnded(T, completed: false);
    }

    public async Task<LeaseView> RenewAsync(LeaseProof proof)
    {
        await CheckHolderAsync(proof);
        task.Life.Renew();
        await task.WriteAsync();
        return LeaseHistory.Last(T, task.TaskId, T.LeaseId!);
    }

    public async Task ReleaseAsync(LeaseProof proof)
    {
        await CheckHolderAsync(proof);
        task.Life.Released();
        await task.WriteAndEnqueueAsync();
        around.LeaseEnded(T, completed: null);
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

    /// <summary>
    /// Returns when <paramref name="proof"/> identifies the holder of the live lease; otherwise throws the fencing
    /// refusal. A lease past its deadline ends here as expired (its timer may not have fired yet), and its holder is refused.
    /// </summary>
    private async Task CheckHolderAsync(LeaseProof proof)
    {
        task.EnsureExists();
        var caller = PrincipalContext.Current;
        var verdict = LeaseFence.Judge(T, proof, caller);
        if (verdict == FenceVerdict.Holder)
        {
            if (task.Life.IsLeaseOverdue)
            {
                await endings.ExpireLeaseAsync();
                throw await RejectResultAsync(ErrorCodes.LeaseExpired, "The lease is no longer live: its deadline passed.");
            }

            return;
        }

        var (code, detail) = LeaseFence.Refusal(verdict, T, task.TaskId);
        if (verdict == FenceVerdict.Unproven)
        {
            around.Audit(AuditType.AuthorizationFailure, caller!, T.NodeId, "report without lease proof", code);
        }

        throw LeaseFence.IsRecorded(verdict) ? await RejectResultAsync(code, detail) : ClawException.Conflict(code, detail);
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

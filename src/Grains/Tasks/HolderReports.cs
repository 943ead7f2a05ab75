using Claw.Abstractions.Errors;
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

    public async Task ProgressAsync(LeaseProof proof, TaskProgress progress)
    {
        await HolderTokenAsync(proof);
        task.Life.Progress(progress);
        await task.WriteAsync();
    }

    public async Task CompleteAsync(LeaseProof proof, string? resultJson)
    {
        if (T.Status == ClawTaskStatus.Completed && LeaseFence.Names(T, proof))
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

    public async Task FailAsync(LeaseProof proof, string error, bool retriable)
    {
        await FinishLeaseAsync(proof, LeaseStatus.Failed);
        task.Life.Fail(error);
        around.LeaseEnded(T, completed: false);
        await endings.RetryOrFailAsync(retriable);
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

    /// <summary>The current lease's token if <paramref name="proof"/> identifies its holder; otherwise the fencing refusal.</summary>
    private async Task<string> HolderTokenAsync(LeaseProof proof)
    {
        task.EnsureExists();
        var verdict = LeaseFence.Judge(T, proof);
        if (verdict == FenceVerdict.Holder)
        {
            return T.LeaseToken!;
        }

        var (code, detail) = LeaseFence.Refusal(verdict, T, task.TaskId);
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

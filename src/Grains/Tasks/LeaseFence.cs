using Claw.Abstractions.Auth;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Tasks;

namespace Claw.Grains.Tasks;

/// <summary>
/// Fencing: whether a lease proof (lease id, token, node id; any may be missing) speaks for the task's current lease,
/// and if not, which refusal its sender gets. The one ownership rule for every report a node makes on a task.
/// </summary>
public static class LeaseFence
{
    /// <summary>
    /// Judges <paramref name="proof"/> for the task's lease; <paramref name="caller"/> is who presents it (null: the
    /// cluster itself). A proof without the lease's token names the holder only by claim (a ClawBot-style call), so it
    /// speaks for the holder only when the caller is that node, or an operator or admin (<see cref="Unproven"/>).
    /// </summary>
    public static FenceVerdict Judge(TaskState task, LeaseProof proof, Principal? caller)
    {
        var verdict = Judge(task, proof);
        return verdict == FenceVerdict.Holder && !Vouches(caller, task, proof) ? FenceVerdict.Unproven : verdict;
    }

    /// <summary>
    /// True when the caller may report for the task's holder: a proof carrying a token proves itself; without one the
    /// caller must be the holding node (its key or its control channel), an operator or admin, or the cluster itself.
    /// </summary>
    public static bool Vouches(Principal? caller, TaskState task, LeaseProof proof) =>
        proof.Token is not null || caller is null || caller.ActsFor(task.NodeId);

    public static FenceVerdict Judge(TaskState task, LeaseProof proof)
    {
        var fence = FenceOf(proof);
        if (fence is { } presented && presented < task.Fence)
        {
            return FenceVerdict.Stale;
        }

        if (!task.IsLeased)
        {
            // The last holder learns why it lost the task: by its lease's fence, or (ClawBot calls) by its node id.
            var lastHolder = fence == task.Fence || (fence is null && proof.NodeId is not null && proof.NodeId == task.NodeId);
            return (lastHolder, task.LeaseEndedAs) switch
            {
                (true, LeaseStatus.Expired) => FenceVerdict.Expired,
                (true, LeaseStatus.Revoked) => FenceVerdict.Revoked,
                _ => FenceVerdict.NotLeased,
            };
        }

        return Names(task, proof) ? FenceVerdict.Holder : FenceVerdict.NotOwner;
    }

    /// <summary>
    /// The error code and text a refused proof gets. <see cref="IsRecorded"/> tells which refusals the timeline records
    /// (a zombie's result: stale, expired, revoked) and which are plain mistakes (no lease out, another owner).
    /// </summary>
    public static (string Code, string Detail) Refusal(FenceVerdict verdict, TaskState task, string taskId) => verdict switch
    {
        FenceVerdict.Stale => (ErrorCodes.StaleLease, "An older lease of this task was presented; a newer attempt owns it now."),
        FenceVerdict.Expired or FenceVerdict.Revoked => (
            verdict == FenceVerdict.Expired ? ErrorCodes.LeaseExpired : ErrorCodes.LeaseRevoked,
            $"The lease {LeaseIds.For(taskId, task.Fence)} has ended ({task.LeaseEndedAs?.Wire()})."),
        FenceVerdict.NotLeased => (ErrorCodes.InvalidTransition, $"Cannot report on a task that is {task.Status.Wire()}."),
        FenceVerdict.NotOwner => (ErrorCodes.LeaseNotOwner, "The presented lease or node does not hold this task."),
        FenceVerdict.Unproven => (ErrorCodes.LeaseNotOwner, "Without lease proof (lease_id and lease_token) only the node holding the lease, or an operator, may report on this task."),
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "The holder is not refused."),
    };

    /// <summary>True for the refusals of a result from a lease that is no longer the task's (recorded as <c>result_rejected</c>).</summary>
    public static bool IsRecorded(FenceVerdict verdict) => verdict is FenceVerdict.Stale or FenceVerdict.Expired or FenceVerdict.Revoked;

    /// <summary>True when nothing in the proof contradicts the task's (last) lease: every part given is that lease's.</summary>
    public static bool Names(TaskState task, LeaseProof proof) =>
        (proof.LeaseId is null || proof.LeaseId == task.LeaseId)
        && (proof.Token is null || proof.Token == task.LeaseToken)
        && (proof.NodeId is null || proof.NodeId == task.NodeId);

    /// <summary>The fence the proof names: from its lease id, else from its token; null when it names neither.</summary>
    public static long? FenceOf(LeaseProof proof) =>
        proof.LeaseId is { } id && LeaseIds.TryParse(id, out _, out var fence) ? fence : LeaseTokens.FenceOf(proof.Token);
}

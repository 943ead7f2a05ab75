using System.Collections.Immutable;
using Claw.Abstractions.Leases;
using Claw.Abstractions.Nodes;

namespace Claw.Abstractions.Tasks;

/// <summary>
/// One task and the only writer of its status. It accepts progress, completion and failure only from its current
/// lease (fencing): an older lease gets <c>stale_lease</c>, an expired one <c>lease_expired</c>.
/// </summary>
[Alias("claw.ITaskGrain")]
public interface ITaskGrain : IGrainWithStringKey
{
    /// <summary>Creates the task; a second call with the same fingerprint returns it unchanged.</summary>
    [Alias("submit")]
    Task<SubmitResult> SubmitAsync(TaskSubmission submission);

    [Alias("get")]
    Task<TaskView?> GetAsync();

    [Alias("timeline")]
    Task<ImmutableArray<TaskEvent>> GetTimelineAsync();

    /// <summary>Leases the task to a node if it is pending, due, and the node can run it; otherwise null.</summary>
    [Alias("lease")]
    Task<Assignment?> LeaseAsync(NodeProfile node, bool manual);

    [Alias("start")]
    Task<TaskView> StartAsync(LeaseProof proof);

    [Alias("progress")]
    Task<TaskView> ProgressAsync(LeaseProof proof, TaskProgress progress);

    [Alias("complete")]
    Task<TaskView> CompleteAsync(LeaseProof proof, string? resultJson);

    /// <summary>
    /// The holder's failure: retried with backoff, or the task ends <c>failed</c> when it is permanent (not
    /// <paramref name="retriable"/>, or <paramref name="errorCode"/> is one of its non-retriable codes) or out of retries.
    /// <paramref name="resultJson"/> is error data kept as the task's result (ClawBot's <c>fail {result}</c>).
    /// </summary>
    [Alias("fail")]
    Task<TaskView> FailAsync(LeaseProof proof, string error, bool retriable, string? resultJson = null, string? errorCode = null);

    /// <summary>
    /// A <c>failed</c> or <c>cancelled</c> task back to <c>pending</c> as a new attempt, its retry budget renewed and a
    /// <c>retried</c> event recorded; any other status is a conflict.
    /// </summary>
    [Alias("retry")]
    Task<TaskView> RetryAsync(string? reason);

    /// <summary>Renews the current lease; answers the lease with its new deadline.</summary>
    [Alias("renew")]
    Task<LeaseView> RenewAsync(LeaseProof proof);

    /// <summary>Gives the task back untouched: pending again, no attempt consumed.</summary>
    [Alias("release")]
    Task<TaskView> ReleaseAsync(LeaseProof proof);

    [Alias("cancel")]
    Task<TaskView> CancelAsync(string? reason);

    /// <summary>Lets a <c>waiting_input</c> task through its approval gate: it becomes <c>pending</c>.</summary>
    [Alias("approve")]
    Task<TaskView> ApproveAsync(string? by, string? comment);

    /// <summary>Refuses a <c>waiting_input</c> task: it ends <c>cancelled</c> (and fails its workflow).</summary>
    [Alias("reject")]
    Task<TaskView> RejectAsync(string? by, string? reason);

    /// <summary>
    /// Opens a <c>waiting</c> workflow step whose dependencies completed (pending, its payload replaced by
    /// <paramref name="payloadJson"/> when given); with <paramref name="automatic"/>, a step held for hand assignment is
    /// dispatched automatically from now on. Idempotent.
    /// </summary>
    [Alias("open")]
    Task<TaskView> OpenAsync(string? payloadJson, bool automatic);

    /// <summary>Deletes the task; one that has not ended is cancelled first (its holder is told).</summary>
    [Alias("delete")]
    Task DeleteAsync();

    /// <summary>
    /// Takes back <paramref name="leaseId"/> if it is the task's live lease (its node crashed or left): the task waits
    /// again without spending a retry. Nothing happens for an older or an ended lease, so a repeat is harmless.
    /// </summary>
    [Alias("revoke-lease")]
    Task RevokeLeaseAsync(string leaseId, string reason);

    /// <summary>
    /// The lease <paramref name="leaseId"/> of this task as clients see it (<c>GET /leases/{id}</c>): the live or last
    /// lease from the task itself, an earlier one from the timeline; null when the task never issued it.
    /// </summary>
    [Alias("get-lease")]
    Task<LeaseView?> GetLeaseAsync(string leaseId);

    /// <summary>
    /// Re-drives the task after a fault: requeues it into the index or expires a lease past its deadline (sweep
    /// backstop). <paramref name="rowVersion"/>: the version of the task's row the caller read, if it read one; a task
    /// holding an older state reads it again before it decides.
    /// </summary>
    [Alias("reconcile")]
    Task ReconcileAsync(long? rowVersion = null);

    /// <summary>The assignment of <paramref name="leaseId"/> while it is the task's live lease, for delivering it again; else null.</summary>
    [Alias("assignment")]
    Task<Assignment?> GetAssignmentAsync(string leaseId);

    /// <summary>
    /// Pushes the task's live lease to its holder's WebSocket session again (<c>POST /ws/broadcast/task/{id}</c>) and
    /// answers the holder's node id: <c>not_found</c> for no such task, <c>task_not_assigned</c> when no lease is out,
    /// <c>node_not_connected</c> when the holder has no live session.
    /// </summary>
    [Alias("push-to-holder")]
    Task<string> PushToHolderAsync();
}

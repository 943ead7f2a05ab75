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

    [Alias("fail")]
    Task<TaskView> FailAsync(LeaseProof proof, string error, bool retriable);

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

    /// <summary>Deletes a terminal task.</summary>
    [Alias("delete")]
    Task DeleteAsync();

    /// <summary>The lease grain's one-way notice that a lease ended without the task asking (expired or revoked).</summary>
    [OneWay, Alias("lease-lost")]
    Task LeaseLostAsync(string leaseId, LeaseStatus status, string reason);

    /// <summary>Re-drives the task after a fault: requeues it into the index or re-checks its lease (sweep backstop).</summary>
    [Alias("reconcile")]
    Task ReconcileAsync();

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

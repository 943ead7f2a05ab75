using Claw.Abstractions.Leases;
using Claw.Abstractions.Tasks;

namespace Claw.Grains.Tasks;

/// <summary>
/// The leases a task issued, as clients see them (<c>GET /leases/{id}</c>). The task is the only keeper of its leases:
/// the live or last one is in its own fields, and an earlier one is read back from the timeline, where every lease's
/// issue, renewals and end are recorded under its id.
/// </summary>
public static class LeaseHistory
{
    /// <summary>The lease <paramref name="leaseId"/> of the task, or null when the task never issued it.</summary>
    public static LeaseView? Find(TaskState task, string taskId, string leaseId)
    {
        if (!task.Exists || !LeaseIds.TryParse(leaseId, out var owner, out var fence) || owner != taskId || fence > task.Fence)
        {
            return null;
        }

        var issued = task.Timeline.FindLast(e => e.Type == TaskEvents.Assigned && e.LeaseId == leaseId);
        if (fence == task.Fence && task.LeaseId == leaseId)
        {
            return Last(task, taskId, leaseId, issued);
        }

        return issued is null ? null : Earlier(task, taskId, leaseId, fence, issued);
    }

    /// <summary>The task's live or last lease.</summary>
    public static LeaseView Last(TaskState task, string taskId, string leaseId, TaskEvent? issued = null)
    {
        var status = task.IsLeased ? LeaseStatus.Active : task.LeaseEndedAs ?? LeaseStatus.Revoked;
        var end = status == LeaseStatus.Active ? null : EndOf(task, leaseId);
        return new LeaseView(
            leaseId,
            taskId,
            issued?.NodeId ?? task.NodeId ?? "",
            task.LeaseToken,
            issued?.Attempt ?? task.Attempt,
            status,
            issued?.At ?? task.AssignedAt ?? task.UpdatedAt,
            task.LeaseExpiresAt ?? end?.At ?? task.UpdatedAt,
            task.LeaseRenewals,
            task.Fence);
    }

    /// <summary>An ended lease older than the task's last: what its timeline says. It expired or was taken back when it ended.</summary>
    private static LeaseView Earlier(TaskState task, string taskId, string leaseId, long fence, TaskEvent issued)
    {
        var end = EndOf(task, leaseId);
        return new LeaseView(
            leaseId,
            taskId,
            issued.NodeId ?? "",
            null,
            issued.Attempt,
            end is null ? LeaseStatus.Revoked : StatusOf(end),
            issued.At,
            end?.At ?? issued.At,
            task.Timeline.Count(e => e.Type == TaskEvents.LeaseRenewed && e.LeaseId == leaseId),
            fence);
    }

    /// <summary>The first event after the lease's issue that ended it.</summary>
    private static TaskEvent? EndOf(TaskState task, string leaseId) =>
        task.Timeline.Find(e => e.LeaseId == leaseId && e.Type is TaskEvents.LeaseExpired or TaskEvents.LeaseRevoked or TaskEvents.LeaseReleased
            or TaskEvents.Completed or TaskEvents.Failed or TaskEvents.Cancelled);

    private static LeaseStatus StatusOf(TaskEvent end) => end.Type switch
    {
        TaskEvents.LeaseExpired => LeaseStatus.Expired,
        TaskEvents.LeaseReleased => LeaseStatus.Released,
        TaskEvents.Completed => LeaseStatus.Completed,
        TaskEvents.Failed => LeaseStatus.Failed,
        _ => LeaseStatus.Revoked,
    };
}

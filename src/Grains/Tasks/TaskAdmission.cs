using Claw.Abstractions.Queues;
using Claw.Abstractions.Tasks;

namespace Claw.Grains.Tasks;

/// <summary>
/// A new task asks its queue's owner to be let in (429 <c>queue_full</c> when the queue sheds its priority) and takes on
/// the queue's defaults: the TTL when the submit names none, the non-retriable codes beside its own, the queue's
/// <c>max_concurrent</c> lane. A workflow step created waiting is not counted: it enters the queue when it opens.
/// </summary>
public static class TaskAdmission
{
    public static async Task<TaskSubmission> AdmitAsync(IGrainFactory grains, string taskId, TaskSubmission submission)
    {
        if (submission.Waiting)
        {
            return submission;
        }

        return Apply(submission, await grains.GetGrain<IQueueControlGrain>(submission.Queue).AdmitAsync(taskId, submission.Priority));
    }

    /// <summary>The submission as its queue admitted it, with the queue's defaults.</summary>
    public static TaskSubmission Apply(TaskSubmission submission, Admission admission) => submission with
    {
        TtlSeconds = submission.TtlSeconds ?? admission.DefaultTtlSeconds,
        NonRetriableCodes = admission.NonRetriableCodes.IsDefaultOrEmpty
            ? submission.NonRetriableCodes
            : [.. (submission.NonRetriableCodes ?? []).Concat(admission.NonRetriableCodes)],
        QueueMaxConcurrent = admission.MaxConcurrent,
    };
}

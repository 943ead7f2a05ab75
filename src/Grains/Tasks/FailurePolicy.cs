using Claw.Abstractions.Tasks;

namespace Claw.Grains.Tasks;

/// <summary>
/// Whether a failure lets the task run again or ends it: the one place that asks "is this error code permanent for
/// this task". A holder's <c>retriable: false</c> is permanent, and so is an <c>error_code</c> that the task lists in
/// its <c>non_retriable_codes</c>. Per-queue codes (<c>PUT /queues/{name}</c>, the queue resource of flow control)
/// join here through <paramref name="queueCodes"/>; until that resource exists no queue lists any.
/// </summary>
public static class FailurePolicy
{
    public static FailureCategory Categorise(TaskState task, bool retriable, string? errorCode, IReadOnlyCollection<string>? queueCodes = null)
    {
        if (!retriable)
        {
            return FailureCategory.Permanent;
        }

        return errorCode is not null && (task.NonRetriableCodes.Contains(errorCode, StringComparer.Ordinal) || queueCodes?.Contains(errorCode) == true)
            ? FailureCategory.Permanent
            : FailureCategory.Retriable;
    }
}

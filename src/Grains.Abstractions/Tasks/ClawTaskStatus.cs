namespace Claw.Abstractions.Tasks;

/// <summary>Where a task is in its lifecycle (API.md "Statuses"). Named apart from <see cref="System.Threading.Tasks.TaskStatus"/>.</summary>
[GenerateSerializer]
public enum ClawTaskStatus
{
    Pending = 0,
    Assigned = 1,
    InProgress = 2,
    Completed = 3,
    Failed = 4,
    Cancelled = 5,
    WaitingInput = 6,

    /// <summary>A workflow step whose dependencies have not all completed: it exists, but is never dispatched or assigned.</summary>
    Waiting = 7,

    /// <summary>A task that was still waiting to run when its <c>expires_at</c> (its TTL) passed: it never runs.</summary>
    Expired = 8,
}

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
}

/// <summary>Dispatch order: higher first, FIFO inside one priority.</summary>
[GenerateSerializer]
public enum TaskPriority
{
    Low = 0,
    Normal = 1,
    High = 2,
    Critical = 3,
}

/// <summary><c>auto</c> tasks are handed to polling or connected nodes; <c>manual</c> ones wait for <c>assign</c> (ClawBot).</summary>
[GenerateSerializer]
public enum DispatchMode
{
    Auto = 0,
    Manual = 1,
}

/// <summary>The end of a lease (API.md "Leases").</summary>
[GenerateSerializer]
public enum LeaseStatus
{
    Active = 0,
    Completed = 1,
    Failed = 2,
    Expired = 3,
    Revoked = 4,
    Released = 5,
}

public static class TaskStatusExtensions
{
    public static bool IsTerminal(this ClawTaskStatus status) => status is ClawTaskStatus.Completed or ClawTaskStatus.Failed or ClawTaskStatus.Cancelled;
}

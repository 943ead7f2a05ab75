namespace Claw.Client.Tasks;

/// <summary>The task statuses on the wire.</summary>
public static class TaskStatuses
{
    public const string Waiting = "waiting";
    public const string Pending = "pending";
    public const string Assigned = "assigned";
    public const string InProgress = "in_progress";
    public const string WaitingInput = "waiting_input";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}

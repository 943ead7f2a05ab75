namespace Claw.Abstractions.Tasks;

public static class TaskStatusExtensions
{
    public static bool IsTerminal(this ClawTaskStatus status) => status is ClawTaskStatus.Completed or ClawTaskStatus.Failed or ClawTaskStatus.Cancelled or ClawTaskStatus.Expired;
}

using Claw.Abstractions.Tasks;
using Claw.Grains.Timing;

namespace Claw.Grains.Tasks;

/// <summary>
/// The deadline of an approval gate: a task submitted with <c>approval_timeout_seconds</c> is rejected when nobody
/// decides in time. A grain timer keeps the exact time; a reminder is the backstop, so the deadline holds even when
/// the silo holding the task dies. What a passed deadline does is the task's rule (<see cref="TaskLifecycle.ApprovalDeadline"/>).
/// </summary>
public sealed class ApprovalGate(Grain grain, TimeSpan minimumReminderPeriod, TimeProvider time, Func<Task> check)
{
    public const string ReminderName = "approval-deadline";

    /// <summary>The reminder only backs up the timer, so it may be coarse.</summary>
    private static readonly TimeSpan BackstopPeriod = TimeSpan.FromMinutes(1);

    private readonly GrainDeadline _deadline = new(grain, ReminderName, minimumReminderPeriod, time, check);

    /// <summary>Arms the timer of a task that waits on a deadline (its reminder was registered when it was created).</summary>
    public void Arm(TaskState task)
    {
        _deadline.StopTimer();
        if (DeadlineOf(task) is { } at)
        {
            _deadline.CheckAt(at);
        }
    }

    /// <summary>Registers the backstop and arms the timer of a task just created with a deadline.</summary>
    public async Task WatchAsync(TaskState task)
    {
        if (DeadlineOf(task) is { } at)
        {
            await _deadline.BackstopAsync(BackstopPeriod, due: at - time.GetUtcNow());
            _deadline.CheckAt(at);
        }
    }

    public Task ForgetAsync() => _deadline.StopAsync();

    private static DateTimeOffset? DeadlineOf(TaskState task) =>
        task.Exists && task.Status == ClawTaskStatus.WaitingInput ? task.ApprovalExpiresAt : null;
}

using Claw.Abstractions.Errors;
using Claw.Abstractions.Tasks;
using Claw.Grains.Timing;
using Orleans.Configuration;

namespace Claw.Grains.Tasks;

/// <summary>
/// Approval gates: a <c>waiting_input</c> task is approved (then <c>pending</c>) or rejected (then <c>cancelled</c>),
/// by a person or, past its approval deadline, automatically. The deadline is a grain timer for precision and a
/// reminder as the durable backstop, so it is kept even when the silo holding the task dies.
/// </summary>
public sealed partial class TaskGrain : IRemindable
{
    private const string ApprovalReminder = "approval-deadline";
    private const string TimeoutApprover = "system";

    private GrainDeadline? _approvalDeadline;

    private GrainDeadline ApprovalDeadline =>
        _approvalDeadline ??= new(this, ApprovalReminder, reminderOptions.Value.MinimumReminderPeriod, time, CheckApprovalDeadlineAsync);

    public async Task<TaskView> ApproveAsync(string? by, string? comment)
    {
        EnsureWaitingInput("approve");
        var hadDeadline = T.ApprovalExpiresAt is not null;
        Record(TaskEvents.Approved, Who(by, comment));
        T.ApprovalExpiresAt = null;
        await RequeueAsync(time.GetUtcNow() > T.AvailableAt ? time.GetUtcNow() : T.AvailableAt);
        if (hadDeadline)
        {
            await ForgetApprovalDeadlineAsync();
        }

        return View();
    }

    public async Task<TaskView> RejectAsync(string? by, string? reason)
    {
        EnsureWaitingInput("reject");
        await RejectCoreAsync(Who(by, reason));
        return View();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ApprovalReminder)
        {
            await CheckApprovalDeadlineAsync();
        }
    }

    /// <summary>Arms the deadline of a task submitted with <c>approval_timeout_seconds</c> (after its first write).</summary>
    private async Task WatchApprovalDeadlineAsync()
    {
        if (T.Status == ClawTaskStatus.WaitingInput && T.ApprovalExpiresAt is { } deadline)
        {
            await ApprovalDeadline.BackstopAsync(TimeSpan.FromMinutes(1), due: deadline - time.GetUtcNow());
            ArmApprovalTimer();
        }
    }

    private void ArmApprovalTimer()
    {
        ApprovalDeadline.StopTimer();
        if (T.Exists && T.Status == ClawTaskStatus.WaitingInput && T.ApprovalExpiresAt is { } deadline)
        {
            ApprovalDeadline.CheckAt(deadline);
        }
    }

    private async Task CheckApprovalDeadlineAsync()
    {
        if (T.Status == ClawTaskStatus.WaitingInput && T.ApprovalExpiresAt is { } deadline)
        {
            if (time.GetUtcNow() < deadline)
            {
                ArmApprovalTimer(); // the reminder came early (its period is coarse); the timer keeps the exact time
                return;
            }

            LogApprovalTimedOut(logger, TaskId, T.CorrelationId);
            await RejectCoreAsync(Who(TimeoutApprover, "approval timed out"));
            return;
        }

        await ForgetApprovalDeadlineAsync();
    }

    private async Task RejectCoreAsync(string detail)
    {
        var hadDeadline = T.ApprovalExpiresAt is not null;
        Record(TaskEvents.Rejected, detail);
        T.ApprovalExpiresAt = null;
        T.Status = ClawTaskStatus.Cancelled;
        T.Error = "rejected: " + detail;
        T.CompletedAt = time.GetUtcNow();
        Record(TaskEvents.Cancelled, "approval rejected");
        await WriteAsync();
        NotifyWorkflow();
        if (hadDeadline)
        {
            await ForgetApprovalDeadlineAsync();
        }
    }

    private Task ForgetApprovalDeadlineAsync() => ApprovalDeadline.StopAsync();

    private void EnsureWaitingInput(string action)
    {
        EnsureExists();
        if (T.Status != ClawTaskStatus.WaitingInput)
        {
            throw ClawException.Conflict(ErrorCodes.TaskNotWaitingInput, $"Cannot {action} a task that is {T.Status.Wire()}; only waiting_input tasks pass an approval gate.");
        }
    }

    /// <summary>The timeline's who/why of an approval decision.</summary>
    private static string Who(string? by, string? why) => $"by {(string.IsNullOrWhiteSpace(by) ? "anonymous" : by)}" + (string.IsNullOrWhiteSpace(why) ? "" : ": " + why);

    [LoggerMessage(EventIds.TaskApprovalTimedOut, LogLevel.Information, "Task {TaskId} rejected: its approval deadline passed [correlation {CorrelationId}]")]
    private static partial void LogApprovalTimedOut(ILogger logger, string taskId, string correlationId);
}

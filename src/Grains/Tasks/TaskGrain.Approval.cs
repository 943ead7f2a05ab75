using Claw.Abstractions.Errors;
using Claw.Abstractions.Tasks;
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

    private IGrainTimer? _approvalTimer;

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

    /// <summary>
    /// Arms the deadline of a task submitted with <c>approval_timeout_seconds</c>. Called before the task's first write:
    /// should the silo die between the two, a reminder without a task finds no deadline at its tick and stops itself,
    /// while a task written without its reminder would wait past its deadline until something read it.
    /// </summary>
    private async Task WatchApprovalDeadlineAsync()
    {
        if (T.Status == ClawTaskStatus.WaitingInput && T.ApprovalExpiresAt is { } deadline)
        {
            var due = deadline - time.GetUtcNow();
            var period = reminderOptions.Value.MinimumReminderPeriod > TimeSpan.FromMinutes(1) ? reminderOptions.Value.MinimumReminderPeriod : TimeSpan.FromMinutes(1);
            await this.RegisterOrUpdateReminder(ApprovalReminder, due > TimeSpan.Zero ? due : TimeSpan.Zero, period);
            ArmApprovalTimer();
        }
    }

    private void ArmApprovalTimer()
    {
        _approvalTimer?.Dispose();
        _approvalTimer = null;
        if (T.Exists && T.Status == ClawTaskStatus.WaitingInput && T.ApprovalExpiresAt is { } deadline)
        {
            var due = deadline - time.GetUtcNow();
            _approvalTimer = this.RegisterGrainTimer(
                _ => CheckApprovalDeadlineAsync(),
                new GrainTimerCreationOptions(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
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

    private async Task ForgetApprovalDeadlineAsync()
    {
        _approvalTimer?.Dispose();
        _approvalTimer = null;
        await this.UnregisterReminderIfAnyAsync(ApprovalReminder);
    }

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

    [LoggerMessage(302, LogLevel.Information, "Task {TaskId} rejected: its approval deadline passed [correlation {CorrelationId}]")]
    private static partial void LogApprovalTimedOut(ILogger logger, string taskId, string correlationId);
}

using Claw.Abstractions.Errors;
using Claw.Abstractions.Tasks;

namespace Claw.Grains.Tasks;

/// <summary>
/// The gates a task waits at before it runs: a workflow step's dependencies (<c>waiting</c> until its workflow opens
/// it) and an approval gate (<c>waiting_input</c> until approved, or rejected and cancelled). Each asks
/// <see cref="TaskLifecycle"/>, writes (a deadline's reminder first), and only then lets the task into its queue.
/// </summary>
public sealed class TaskGates(TaskRecord task, ApprovalGate gate, TaskEndings endings)
{
    private TaskState T => task.State;

    public async Task OpenAsync(string? payloadJson, bool automatic)
    {
        task.EnsureExists();
        if (task.Life.Open(payloadJson, automatic))
        {
            await gate.WatchAsync(T); // before the write: a stored approval deadline is never without its reminder
            await task.WriteAndEnqueueAsync();
        }
    }

    public async Task ApproveAsync(string? by, string? comment)
    {
        task.EnsureWaitingInput("approve");
        var hadDeadline = task.Life.Approve(by, comment);
        await task.WriteAndEnqueueAsync();
        await endings.ForgetDeadlineAsync(hadDeadline);
    }

    public Task RejectAsync(string? by, string? reason)
    {
        task.EnsureWaitingInput("reject");
        return endings.RejectAsync(by, reason);
    }
}

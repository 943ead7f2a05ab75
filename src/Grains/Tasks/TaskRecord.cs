using Claw.Abstractions.Auth;
using Claw.Abstractions.Errors;
using Claw.Abstractions.Tasks;
using Claw.Grains.Storage;
using Claw.Grains.Timing;

namespace Claw.Grains.Tasks;

/// <summary>
/// The task as its grain holds it: the state (read lazily, <see cref="LazyState{T}"/>), its rules at this moment
/// (<see cref="Life"/>), and the one way a change becomes durable (<see cref="WriteAsync"/>). The grain's collaborators
/// share it, so each of them loads, decides and writes the same way.
/// </summary>
public sealed class TaskRecord(Grain grain, LazyState<TaskState> state, string taskId, TimeProvider time, TaskNeighbours around, TimeSpan progressInterval)
{
    private IGrainTimer? _progressFlush;

    public string TaskId => taskId;

    public TaskState State => state.State;

    /// <summary>The task's rules at the current time, recording events under the calling request's correlation id and principal.</summary>
    public TaskLifecycle Life => LifeOf(state.State, time.GetUtcNow());

    /// <summary>The rules of <paramref name="task"/> at <paramref name="now"/>, recording events under the calling request's correlation id and principal.</summary>
    public static TaskLifecycle LifeOf(TaskState task, DateTimeOffset now) =>
        new(task, now, RequestContext.Get(CorrelationContext.Key) as string, PrincipalContext.Current?.Id);

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>When progress reports are written (coalesced: at most one write per interval).</summary>
    public ProgressThrottle ProgressWrites { get; } = new(progressInterval);

    /// <summary>The metric tag of the task's queue.</summary>
    public KeyValuePair<string, object?> QueueTag => new("queue", State.Queue);

    /// <summary>Reads the task again if memory is older than the row's <paramref name="storedVersion"/> (<see cref="LazyState{T}.CatchUpAsync"/>).</summary>
    public Task<bool> CatchUpAsync(long storedVersion) => state.CatchUpAsync(storedVersion);

    /// <summary>Reads the task again, dropping what memory changed since (a write that was refused).</summary>
    public Task ReloadAsync() => state.ReadStateAsync();

    /// <summary>Writes the change before anybody hears of it; a finished task then leaves memory (it only answers reads).</summary>
    public async Task WriteAsync()
    {
        State.UpdatedAt = time.GetUtcNow();
        await state.WriteOrForgetAsync(grain);
        ProgressWrites.Written(State.UpdatedAt);
        if (State.Status.IsTerminal())
        {
            grain.DeactivateOnIdle();
        }
    }

    /// <summary>Writes, then puts the task back into its partition's index when it belongs there.</summary>
    public async Task WriteAndEnqueueAsync()
    {
        await WriteAsync();
        await around.EnqueueIfDispatchableAsync(State);
    }

    /// <summary>Writes the progress held in memory when its interval ends, unless another write took it first.</summary>
    public void FlushProgressLater() => _progressFlush ??= grain.RegisterGrainTimer(
        async _ =>
        {
            _progressFlush?.Dispose();
            _progressFlush = null;
            await FlushProgressAsync();
        },
        new GrainTimerCreationOptions(GrainDeadline.TimerDue(ProgressWrites.FlushAt - Now), Timeout.InfiniteTimeSpan) { KeepAlive = true });

    /// <summary>Writes a progress report still held in memory (its timer fired, or the grain leaves memory).</summary>
    public async Task FlushProgressAsync()
    {
        if (ProgressWrites.Pending && State.Exists)
        {
            await WriteAsync();
        }
    }

    public void EnsureExists()
    {
        if (!State.Exists)
        {
            throw NotFound();
        }
    }

    /// <summary>Only a task at an approval gate may be approved or rejected.</summary>
    public void EnsureWaitingInput(string action)
    {
        EnsureExists();
        if (State.Status != ClawTaskStatus.WaitingInput)
        {
            throw ClawException.Conflict(ErrorCodes.TaskNotWaitingInput, $"Cannot {action} a task that is {State.Status.Wire()}; only waiting_input tasks pass an approval gate.");
        }
    }

    public ClawException NotFound() => ClawException.NotFound("task", taskId);

    public ClawException InvalidTransition(string action) =>
        ClawException.Conflict(ErrorCodes.InvalidTransition, $"Cannot {action} a task that is {State.Status.Wire()}.");

    public TaskView View() => State.ToView(taskId);
}

using Claw.Abstractions.Errors;
using Claw.Abstractions.Tasks;
using Claw.Grains.Storage;

namespace Claw.Grains.Tasks;

/// <summary>
/// The task as its grain holds it: the state (read lazily, <see cref="LazyState{T}"/>), its rules at this moment
/// (<see cref="Life"/>), and the one way a change becomes durable (<see cref="WriteAsync"/>). The grain's collaborators
/// share it, so each of them loads, decides and writes the same way.
/// </summary>
public sealed class TaskRecord(Grain grain, LazyState<TaskState> state, string taskId, TimeProvider time, TaskNeighbours around)
{
    public string TaskId => taskId;

    public TaskState State => state.State;

    /// <summary>The task's rules at the current time, recording events under the calling request's correlation id.</summary>
    public TaskLifecycle Life => new(state.State, time.GetUtcNow(), RequestContext.Get(CorrelationContext.Key) as string);

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The metric tag of the task's queue.</summary>
    public KeyValuePair<string, object?> QueueTag => new("queue", State.Queue);

    /// <summary>Writes the change before anybody hears of it; a finished task then leaves memory (it only answers reads).</summary>
    public async Task WriteAsync()
    {
        State.UpdatedAt = time.GetUtcNow();
        await state.WriteOrForgetAsync(grain);
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

    public void EnsureExists()
    {
        if (!State.Exists)
        {
            throw NotFound();
        }
    }

    public ClawException NotFound() => ClawException.NotFound("task", taskId);

    public ClawException InvalidTransition(string action) =>
        ClawException.Conflict(ErrorCodes.InvalidTransition, $"Cannot {action} a task that is {State.Status.Wire()}.");

    public TaskView View() => State.ToView(taskId);
}

using Claw.Grains.Timing;

namespace Claw.Grains.Tasks;

/// <summary>
/// The deadline of a task's live lease. A grain timer fires at it while the task is active (and keeps it active until
/// then); should its silo die, the queue partition's sweep reminder finds the overdue row and reconciles the task.
/// The check itself reads the deadline from the task (<see cref="TaskLifecycle.IsLeaseOverdue"/>), so an early or a
/// repeated tick is harmless.
/// </summary>
public sealed class LeaseDeadline(Grain grain, TimeProvider time, Func<Task> check)
{
    private readonly GrainDeadline _deadline = new(grain, null, TimeSpan.Zero, time, check);
    private DateTimeOffset? _armedFor;

    /// <summary>Arms the timer for the task's live lease, moves it after a renewal, and stops it once the lease ended.</summary>
    public void Follow(TaskState? task)
    {
        var due = task is { IsLeased: true } ? task.LeaseExpiresAt : null;
        if (due == _armedFor)
        {
            return;
        }

        _armedFor = due;
        _deadline.StopTimer();
        if (due is { } at)
        {
            _deadline.CheckAt(at);
        }
    }

    /// <summary>The timer fired: the next <see cref="Follow"/> arms it again if the lease is still live.</summary>
    public void Fired() => _armedFor = null;
}

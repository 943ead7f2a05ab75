namespace Claw.Grains.Tasks;

/// <summary>One task activation's place among the pending tasks its silo keeps in memory (<see cref="PendingResidency"/>).</summary>
public sealed class ResidencyHold(PendingResidency residency)
{
    private bool _held;
    private long _bytes;

    /// <summary>
    /// Reviewed after every call: a pending task keeps its place or takes one (sized by <see cref="PendingResidency.BytesOf"/>);
    /// false when none is left, and the task must leave memory. A task that is not pending gives its place back.
    /// </summary>
    public bool Keep(TaskState task, bool pending)
    {
        if (!pending)
        {
            Release();
            return true;
        }

        if (!_held)
        {
            _bytes = PendingResidency.BytesOf(task);
            _held = residency.TryHold(_bytes);
        }

        return _held;
    }

    public void Release()
    {
        if (_held)
        {
            _held = false;
            residency.Release(_bytes);
        }
    }
}

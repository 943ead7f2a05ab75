namespace Claw.Grains.Tasks;

/// <summary>One task activation's place among the pending tasks its silo keeps in memory (<see cref="PendingResidency"/>).</summary>
public sealed class ResidencyHold(PendingResidency residency)
{
    private bool _held;

    /// <summary>
    /// Reviewed after every call: a pending task keeps its place or takes one; false when none is left, and the task
    /// must leave memory. A task that is not pending gives its place back.
    /// </summary>
    public bool Keep(bool pending)
    {
        if (!pending)
        {
            Release();
            return true;
        }

        _held = _held || residency.TryHold();
        return _held;
    }

    public void Release()
    {
        if (_held)
        {
            _held = false;
            residency.Release();
        }
    }
}

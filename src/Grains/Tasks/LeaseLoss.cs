namespace Claw.Grains.Tasks;

/// <summary>What a lost lease did to its task (<see cref="TaskLifecycle.LeaseLost"/>).</summary>
public enum LeaseLoss
{
    /// <summary>Not the task's current lease, or a notice already applied: nothing changed.</summary>
    NotCurrent,

    /// <summary>The deadline passed: the attempt is spent, and the task retries or fails.</summary>
    Expired,

    /// <summary>Revoked (a crash, a deregistration, a lease never issued): the task waits again, no retry spent.</summary>
    Requeued,
}

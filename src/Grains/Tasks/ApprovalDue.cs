namespace Claw.Grains.Tasks;

/// <summary>Where a task's approval deadline stands (<see cref="TaskLifecycle.ApprovalDeadline"/>).</summary>
public enum ApprovalDue
{
    /// <summary>The task waits for no approval, or its gate has no deadline.</summary>
    None,

    /// <summary>The deadline lies ahead: a check that came early waits for it.</summary>
    Ahead,

    /// <summary>The deadline passed with nobody deciding: the gate rejects the task.</summary>
    Passed,
}

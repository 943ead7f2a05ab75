namespace Claw.Grains.Instances;

/// <summary>How a process's exit ends for its instance.</summary>
public enum InstanceExit
{
    /// <summary>It was stopped on purpose (stop, destroy): nothing restarts.</summary>
    Stopped,

    /// <summary>It failed to start too many times in a row: the instance is in error.</summary>
    GaveUp,

    /// <summary>It is started again after a backoff, counted as a restart.</summary>
    Relaunch,
}

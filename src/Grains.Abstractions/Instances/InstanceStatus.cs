namespace Claw.Abstractions.Instances;

/// <summary>A managed instance's lifecycle (API.md "Managed instances").</summary>
[GenerateSerializer]
public enum InstanceStatus
{
    /// <summary>Its process is starting (first start, a start after stop, or a restart after a crash) and has not answered <c>hello-ok</c> yet.</summary>
    Provisioning = 0,

    Running = 1,

    Stopped = 2,

    /// <summary>Restarting on another version.</summary>
    Upgrading = 3,

    /// <summary>It could not be started (bad launcher, no free port, crashed too often before getting ready).</summary>
    Error = 4,

    Destroying = 5,

    Destroyed = 6,
}

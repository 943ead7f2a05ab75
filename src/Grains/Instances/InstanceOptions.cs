namespace Claw.Grains.Instances;

/// <summary>Configuration section <c>Claw:Instances</c>: how managed OpenClaw gateways are launched and supervised.</summary>
public sealed class InstanceOptions
{
    public const string Section = "Instances";

    /// <summary>
    /// The command that runs a gateway in the foreground; Claw appends <c>--port N --bind loopback</c>. <c>{version}</c>
    /// in it is replaced by the instance's version (what <c>upgrade</c> changes), e.g.
    /// <c>npx -y openclaw@{version} gateway run</c>.
    /// </summary>
    public string Launcher { get; set; } = "openclaw gateway run";

    /// <summary>The version <c>{version}</c> stands for until an instance is upgraded.</summary>
    public string DefaultVersion { get; set; } = "2026.9.6";

    /// <summary>Loopback ports handed to instances, <c>first-last</c>.</summary>
    public string PortRange { get; set; } = "18800-18999";

    /// <summary>Where instance folders live; empty means <c>{Claw:DataDirectory}/instances</c>.</summary>
    public string? Directory { get; set; }

    /// <summary>How long a launch may take to answer <c>hello-ok</c> (the real gateway needs 8–16 s on two cores).</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a stopping gateway gets after SIGTERM before it is killed.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First wait before restarting a crashed instance; doubled per consecutive crash up to <see cref="MaxRestartBackoff"/>.</summary>
    public TimeSpan RestartBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRestartBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Launches in a row that die before getting ready, after which the instance is put in <c>error</c>.</summary>
    public int MaxFailedStarts { get; set; } = 5;

    /// <summary>How often the grain checks its process and re-provisions it after its silo died (a reminder; at least the minimum reminder period).</summary>
    public TimeSpan WatchPeriod { get; set; } = TimeSpan.FromSeconds(30);
}

using Claw.Abstractions.Instances;

namespace Claw.Grains.Instances;

/// <summary>
/// A managed instance's durable record (Orleans' ADO.NET grain storage): what was asked (spec, whether it should run,
/// its version), what it was given (port, token), and what happened (status, restarts, last error). The token and the
/// model key are kept to write the config file; never shown.
/// </summary>
[GenerateSerializer]
public sealed class InstanceState
{
    [Id(0)] public InstanceSpec? Spec { get; set; }

    [Id(1)] public InstanceStatus Status { get; set; }

    [Id(2)] public int Port { get; set; }

    [Id(3)] public string Token { get; set; } = "";

    [Id(4)] public string? Version { get; set; }

    [Id(5)] public int Restarts { get; set; }

    [Id(6)] public string? LastError { get; set; }

    [Id(7)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Whether the process should run: false after stop and destroy.</summary>
    [Id(8)] public bool ShouldRun { get; set; }

    /// <summary>The version the launcher's <c>{version}</c> stands for (changed by upgrade).</summary>
    [Id(9)] public string? TargetVersion { get; set; }

    /// <summary>Launches in a row that died before getting ready.</summary>
    [Id(10)] public int FailedStarts { get; set; }

    [Id(11)] public double? StartupSeconds { get; set; }

    /// <summary>The process last started, and where: a silo that died may leave it behind (it would hold the port).</summary>
    [Id(12)] public int? Pid { get; set; }

    [Id(13)] public string? Silo { get; set; }

    [Id(14)] public DateTimeOffset? ReadyAt { get; set; }

    public bool Exists => Spec is not null;
}

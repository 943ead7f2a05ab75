namespace Claw.Grains.OpenClaw;

/// <summary>Configuration section <c>Claw:OpenClaw</c>: how gateway connections behave.</summary>
public sealed class OpenClawOptions
{
    public const string Section = "OpenClaw";

    /// <summary>How often a connection reports to its grain and proves its node alive; a grain that hears nothing for three periods marks the gateway offline.</summary>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The reminder that brings a gateway grain (and its connection) back after its silo died; at least the minimum reminder period.</summary>
    public TimeSpan WatchPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First wait before reconnecting after the gateway closed or dropped the connection, doubled up to <see cref="MaxReconnectBackoff"/>.</summary>
    public TimeSpan ReconnectBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Streamed agent events become task progress at most this often per task (the latest is kept).</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a task waiting for its session's gateway to take it over asks again where the session lives.</summary>
    public TimeSpan SessionRecheck { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a disconnected gateway keeps its sessions before they move to another gateway.</summary>
    public TimeSpan SessionGrace { get; set; } = TimeSpan.FromMinutes(1);
}

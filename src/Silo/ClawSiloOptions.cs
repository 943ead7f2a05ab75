namespace Claw.Silo;

/// <summary>Configuration section <c>Claw</c>: cluster identity and ports of this silo.</summary>
public sealed class ClawSiloOptions
{
    public string ClusterId { get; set; } = "claw";

    public string ServiceId { get; set; } = "claw";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>Shortest reminder period Orleans accepts; node liveness reminders tick at half of crash_after.</summary>
    public TimeSpan MinimumReminderPeriod { get; set; } = TimeSpan.FromSeconds(5);
}

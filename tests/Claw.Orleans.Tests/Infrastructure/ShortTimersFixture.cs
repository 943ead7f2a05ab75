namespace Claw.Tests.Infrastructure;

/// <summary>
/// One running host with short timers, shared by the tests of node liveness, approval gates, workflows and swarms: a
/// node is declared crashed after <see cref="CrashAfter"/> of silence, reminders may fire every second and a running
/// workflow is re-driven every second. Each test uses its own ids. The crash_after leaves room for a test that holds a
/// lease between two calls on a loaded machine; the liveness rule's edges are tested without a host (NodeLivenessTests in Rules).
/// </summary>
public sealed class ShortTimersFixture() : HostFixture(
    "--crash-after", CrashAfter.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
    "--Claw:MinimumReminderPeriod", "00:00:01",
    "--Claw:Workflows:RedriveInterval", "00:00:01")
{
    public static readonly TimeSpan CrashAfter = TimeSpan.FromSeconds(5);
}

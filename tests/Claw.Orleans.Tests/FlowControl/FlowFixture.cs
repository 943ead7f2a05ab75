using Claw.Tests.Infrastructure;

namespace Claw.Tests.FlowControl;

/// <summary>
/// One running host for the flow-control tests: breakers open after 3 failures and cool down for <see cref="Cooldown"/>,
/// the queue sweep (which expires tasks past their TTL) runs every second, callbacks may go to this machine. Each test uses its own queues and nodes.
/// </summary>
public sealed class FlowFixture() : HostFixture(
    "--Claw:MinimumReminderPeriod", "00:00:01",
    "--Claw:Dispatch:SweepInterval", "00:00:01",
    "--Claw:Callbacks:AllowPrivateAddresses", "true", // the expiry callback goes to a receiver on this machine
    "--Claw:Breakers:Cooldown", Cooldown.ToString("c", System.Globalization.CultureInfo.InvariantCulture))
{
    public static readonly TimeSpan Cooldown = TimeSpan.FromSeconds(6);
}

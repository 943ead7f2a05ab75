using Claw.Tests.Infrastructure;

namespace Claw.Tests.Operations;

/// <summary>
/// One host for the operations tests (timeline, events, monitoring, callbacks, retries), with short timers: a node is
/// declared crashed after 3 s of silence, callbacks are signed with <see cref="Secret"/> and retried after half a
/// second, an attempt gives up after 2 s, callbacks may go to loopback (the test receivers), and event streams look for new events ten times a second.
/// </summary>
public sealed class OperationsFixture() : HostFixture(HostArgs)
{
    public const string Secret = "operations-test-secret-0123456789";

    /// <summary>The host's settings; a test that restarts a host of its own starts it with these too.</summary>
    public static readonly string[] HostArgs =
    [
        "--crash-after", "00:00:03",
        "--Claw:MinimumReminderPeriod", "00:00:01",
        "--Claw:Callbacks:Secret", Secret,
        "--Claw:Callbacks:FirstDelay", "00:00:00.500",
        "--Claw:Callbacks:MaxDelay", "00:00:02",
        "--Claw:Callbacks:PollInterval", "00:00:00.500",
        "--Claw:Callbacks:AttemptTimeout", "00:00:02",
        "--Claw:Callbacks:ClaimGrace", "00:00:01",
        "--Claw:Callbacks:AllowPrivateAddresses", "true", // the test receivers listen on 127.0.0.1
        "--Claw:Events:PollIntervalMilliseconds", "100",
        "--Claw:Events:HeartbeatSeconds", "1",
        "--Claw:Breakers:Failures", "0", // these tests fail tasks on purpose with one node; breakers have FlowControl/BreakerTests
    ];
}

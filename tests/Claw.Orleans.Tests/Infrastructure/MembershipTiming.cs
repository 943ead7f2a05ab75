using System.Globalization;

namespace Claw.Tests.Infrastructure;

/// <summary>
/// How fast a cluster declares a SIGKILLed silo dead (<c>Claw:Membership</c>): a silo that misses
/// <see cref="MissedProbes"/> probes, one per <see cref="ProbeTimeout"/>, is voted dead. Tests that kill silos set it
/// explicitly and take their time budgets from it, not from hope.
/// </summary>
public sealed record MembershipTiming(TimeSpan ProbeTimeout, int MissedProbes)
{
    public static readonly MembershipTiming Default = new(TimeSpan.FromSeconds(2), 3);

    /// <summary>
    /// The missed probes, one probe period more for the survivors' votes to reach the membership table, and one for
    /// the others to read it. Until then a call to a grain of the dead silo fails or waits, so nothing it held can be
    /// acted on sooner.
    /// </summary>
    public TimeSpan DetectionTime => ProbeTimeout * (MissedProbes + 2);

    public string[] Arguments =>
    [
        "--Claw:Membership:ProbeTimeout", ProbeTimeout.ToString("c", CultureInfo.InvariantCulture),
        "--Claw:Membership:NumMissedProbesLimit", MissedProbes.ToString(CultureInfo.InvariantCulture),
    ];
}

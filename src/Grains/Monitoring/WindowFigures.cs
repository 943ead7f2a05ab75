namespace Claw.Grains.Monitoring;

/// <summary>
/// What the events table says of the recent window: node crashes, leases issued, revoked and expired, and the p99 of
/// how long a due task waited for its lease (null when none was issued).
/// </summary>
public sealed record WindowFigures(int NodeCrashes, int LeasesIssued, int LeasesRevoked, int LeasesExpired, double? DispatchP99Ms)
{
    public static readonly WindowFigures Empty = new(0, 0, 0, 0, null);

    /// <summary>Revoked ÷ issued leases in the window; 0 when none was issued.</summary>
    public double RevocationRate => LeasesIssued == 0 ? 0 : Math.Min(1, (double)LeasesRevoked / LeasesIssued);

    /// <summary>The nearest-rank 99th percentile of <paramref name="samples"/>; null when there are none.</summary>
    public static double? P99(IReadOnlyList<long> samples)
    {
        if (samples.Count == 0)
        {
            return null;
        }

        var sorted = samples.Order().ToList();
        return sorted[(int)Math.Ceiling(0.99 * sorted.Count) - 1];
    }
}

using Claw.Abstractions.Monitoring;

namespace Claw.Grains.Monitoring;

/// <summary>Which alert thresholds are acceptable: shares within (0, 1], counts and limits positive and bounded.</summary>
public static class ThresholdRules
{
    public const int MaxCount = 1_000_000_000;
    public const double MaxDispatchMs = 3_600_000;

    /// <summary>The field errors of <paramref name="thresholds"/>, keyed by wire name; empty when they are acceptable.</summary>
    public static Dictionary<string, string[]> Errors(AlertThresholds thresholds)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Share(errors, "buffer_utilization", thresholds.BufferUtilization);
        Share(errors, "revocation_rate", thresholds.RevocationRate);
        Share(errors, "ip_pool_utilization", thresholds.IpPoolUtilization);
        Require(errors, "crash_count", thresholds.CrashCount is >= 1 and <= MaxCount, $"A whole number from 1 to {MaxCount}.");
        Require(errors, "queue_depth", thresholds.QueueDepth is null or (>= 1 and <= MaxCount), $"Null (off) or a whole number from 1 to {MaxCount}.");
        Require(errors, "dispatch_p99_ms", thresholds.DispatchP99Ms is null || (double.IsFinite(thresholds.DispatchP99Ms.Value) && thresholds.DispatchP99Ms > 0 && thresholds.DispatchP99Ms <= MaxDispatchMs),
            $"Null (off) or milliseconds above 0, at most {MaxDispatchMs}.");
        return errors;
    }

    private static void Share(Dictionary<string, string[]> errors, string field, double value) =>
        Require(errors, field, double.IsFinite(value) && value > 0 && value <= 1, "A share above 0 and at most 1.");

    private static void Require(Dictionary<string, string[]> errors, string field, bool ok, string message)
    {
        if (!ok)
        {
            errors[field] = [message];
        }
    }
}

using System.Globalization;
using Claw.Abstractions.Tasks;

namespace Claw.Abstractions.Leases;

/// <summary>
/// A lease id names its task and its fencing number (<c>{task}.{fence}</c>), so any lease call finds its task without
/// a lookup and a stale lease is recognisable from its id alone. The token is the secret.
/// </summary>
public static class LeaseIds
{
    public static string For(string taskId, long fence) => $"{taskId}.{fence.ToString(CultureInfo.InvariantCulture)}";

    public static bool TryParse(string leaseId, out string taskId, out long fence)
    {
        var dot = leaseId.LastIndexOf('.');
        taskId = dot > 0 ? leaseId[..dot] : "";
        fence = 0;
        return dot > 0 && long.TryParse(leaseId.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out fence) && fence > 0;
    }

    /// <summary>The task grain that keeps <paramref name="leaseId"/>: every lease call goes to it. Only for a valid lease id.</summary>
    public static ITaskGrain TaskOfLease(this IGrainFactory grains, string leaseId) => TryParse(leaseId, out var taskId, out _)
        ? grains.GetGrain<ITaskGrain>(taskId)
        : throw new ArgumentException($"'{leaseId}' is not a lease id.", nameof(leaseId));
}

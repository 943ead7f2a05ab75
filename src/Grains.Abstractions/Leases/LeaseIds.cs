using System.Globalization;

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
}

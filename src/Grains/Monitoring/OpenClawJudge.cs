using System.Collections.Immutable;
using Claw.Abstractions.Instances;
using Claw.Abstractions.Monitoring;
using Claw.Abstractions.OpenClaw;

namespace Claw.Grains.Monitoring;

/// <summary>
/// The monitoring verdicts of OpenClaw's parts, from the directory's status: gateways (unhealthy when none is online,
/// degraded while some are offline or in error), managed instances (degraded while some are in error) and the WireGuard
/// pool (its utilization against <c>ip_pool_utilization</c>). Each is <c>not_configured</c> while nothing of its kind exists.
/// </summary>
public static class OpenClawJudge
{
    public static SubsystemStatus Gateways(OpenClawStatus? status)
    {
        if (status is not { Gateways: { IsEmpty: false } gateways })
        {
            return Unread(MonitoringJudge.Gateways, status, "no gateway registered");
        }

        int Count(params GatewayStatus[] states) => gateways.Count(g => states.Contains(g.Status));
        var online = Count(GatewayStatus.Online, GatewayStatus.Degraded);
        var down = Count(GatewayStatus.Offline, GatewayStatus.Error);
        return MonitoringJudge.Judge(
            MonitoringJudge.Gateways,
            MonitoringJudge.Figures(("registered", gateways.Length), ("online", Count(GatewayStatus.Online)), ("degraded", Count(GatewayStatus.Degraded)),
                ("connecting", Count(GatewayStatus.Connecting)), ("offline", Count(GatewayStatus.Offline)), ("error", Count(GatewayStatus.Error)),
                ("sessions_in_use", gateways.Sum(g => g.ActiveSessions)), ("session_capacity", gateways.Sum(g => g.MaxConcurrentSessions)),
                ("reconnects", gateways.Sum(g => g.Reconnects))),
            [],
            online == 0 ? [$"no gateway online ({gateways.Length} registered)"] : [],
            down > 0 ? [$"{down} of {gateways.Length} gateways offline or in error"] : []);
    }

    public static SubsystemStatus Instances(OpenClawStatus? status)
    {
        var instances = status?.Instances.Where(i => i.Status != InstanceStatus.Destroyed).ToImmutableArray() ?? [];
        if (instances.IsEmpty)
        {
            return Unread(MonitoringJudge.Instances, status, "no managed instance");
        }

        int Count(InstanceStatus state) => instances.Count(i => i.Status == state);
        var failed = Count(InstanceStatus.Error);
        return MonitoringJudge.Judge(
            MonitoringJudge.Instances,
            MonitoringJudge.Figures(("total", instances.Length), ("running", Count(InstanceStatus.Running)), ("provisioning", Count(InstanceStatus.Provisioning)),
                ("stopped", Count(InstanceStatus.Stopped)), ("error", failed), ("restarts", instances.Sum(i => i.Restarts))),
            [],
            [],
            failed > 0 ? [$"{failed} of {instances.Length} instances in error"] : []);
    }

    public static SubsystemStatus IpPool(OpenClawStatus? status, AlertThresholds thresholds)
    {
        if (status is not { Pool: { Allocated: > 0 } pool })
        {
            return Unread(MonitoringJudge.IpPool, status, "no address allocated");
        }

        return MonitoringJudge.Judge(
            MonitoringJudge.IpPool,
            MonitoringJudge.Figures(("size", pool.Size), ("allocated", pool.Allocated), ("free", pool.Free), ("utilization", pool.Utilization)),
            [MonitoringJudge.Cross("ip_pool_utilization", thresholds.IpPoolUtilization, pool.Utilization)],
            pool.Free == 0 ? ["the pool is exhausted: the next allocation is refused (pool_exhausted)"] : []);
    }

    /// <summary>
    /// Nothing of this kind exists, or the directory could not be read: its storage is judged (and named) by the
    /// storage subsystem, so this one does not repeat the alarm.
    /// </summary>
    private static SubsystemStatus Unread(string name, OpenClawStatus? status, string nothing) =>
        MonitoringJudge.NotConfigured(name) with { Reasons = [status is null ? "the OpenClaw directory could not be read" : nothing] };
}

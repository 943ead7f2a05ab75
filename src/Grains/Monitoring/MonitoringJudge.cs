using System.Collections.Immutable;
using System.Globalization;
using Claw.Abstractions.Monitoring;
using Claw.Abstractions.Swarms;

namespace Claw.Grains.Monitoring;

/// <summary>
/// The monitoring status's verdicts: each subsystem's figures, the thresholds they reach (a figure at or above its
/// limit crosses it: degraded), what makes a subsystem unhealthy outright (storage that does not answer, due tasks with
/// no node online), and the overall verdict, the worst of them. Subsystems another part of the system provides
/// (OpenClaw gateways, instances, the WireGuard pool) are judged by <see cref="OpenClawJudge"/>, <c>not_configured</c> while
/// none of theirs exists.
/// </summary>
public static class MonitoringJudge
{
    public const string Storage = "storage";
    public const string Cluster = "cluster";
    public const string Dispatch = "dispatch";
    public const string Leases = "leases";
    public const string Sockets = "sockets";
    public const string Gateways = "gateways";
    public const string Instances = "instances";
    public const string IpPool = "ip_pool";

    public static ImmutableArray<SubsystemStatus> Subsystems(StatusFigures f, AlertThresholds t) =>
    [
        Judge(Storage, Figures(("reachable", f.StorageReachable ? 1 : 0), ("probe_ms", f.StorageProbeMs), ("queued_writes", f.QueuedWrites)),
            [], f.StorageReachable ? [] : ["storage does not answer: " + f.StorageDetail]),
        Judge(Cluster, Figures(("active_silos", f.ActiveSilos), ("dead_silos", f.DeadSilos), ("nodes_online", f.Tables.NodesOnline),
                ("nodes_offline", f.Tables.NodesByStatus.GetValueOrDefault("offline")), ("node_crashes", f.Window.NodeCrashes)),
            [Cross("crash_count", t.CrashCount, f.Window.NodeCrashes)], []),
        Judge(Dispatch, DispatchFigures(f),
            [Cross("queue_depth", t.QueueDepth, Deepest(f.Tables)), Cross("dispatch_p99_ms", t.DispatchP99Ms, f.Window.DispatchP99Ms)],
            f.Tables.Due > 0 && f.Tables.NodesOnline == 0 ? [$"{f.Tables.Due} due tasks and no node online to run them"] : []),
        Judge(Leases, Figures(("active", f.Tables.ActiveLeases), ("overdue", f.Tables.OverdueLeases), ("issued", f.Window.LeasesIssued),
                ("revoked", f.Window.LeasesRevoked), ("expired", f.Window.LeasesExpired), ("revocation_rate", f.Window.RevocationRate)),
            [Cross("revocation_rate", t.RevocationRate, f.Window.LeasesIssued == 0 ? null : f.Window.RevocationRate)], []),
        Judge(Sockets, Figures(("sessions", f.Sessions), ("gateway_sessions", f.Gateway.Sessions), ("buffer_utilization", f.Gateway.FullestBuffer)),
            [Cross("buffer_utilization", t.BufferUtilization, f.Gateway.Sessions == 0 ? null : f.Gateway.FullestBuffer)], []),
        OpenClawJudge.Gateways(f.OpenClaw),
        OpenClawJudge.Instances(f.OpenClaw),
        OpenClawJudge.IpPool(f.OpenClaw, t),
    ];

    /// <summary>The worst verdict of the subsystems that report one.</summary>
    public static HealthStatus Overall(IEnumerable<SubsystemStatus> subsystems) =>
        subsystems.Select(s => s.State).Where(s => s != SubsystemState.NotConfigured).DefaultIfEmpty(SubsystemState.Healthy).Max() switch
        {
            SubsystemState.Unhealthy => HealthStatus.Unhealthy,
            SubsystemState.Degraded => HealthStatus.Degraded,
            _ => HealthStatus.Healthy,
        };

    /// <summary>A subsystem nothing reports on here.</summary>
    public static SubsystemStatus NotConfigured(string name) => new(name, SubsystemState.NotConfigured, ImmutableDictionary<string, double>.Empty, [], ["not configured"]);

    /// <summary>Unhealthy for any of <paramref name="unhealthy"/>, else degraded for a crossing or any of <paramref name="degraded"/>.</summary>
    internal static SubsystemStatus Judge(string name, ImmutableDictionary<string, double> figures, ThresholdCrossing?[] crossings, string[] unhealthy, string[]? degraded = null)
    {
        degraded ??= [];
        var crossed = crossings.OfType<ThresholdCrossing>().ToImmutableArray();
        var reasons = unhealthy.Concat(degraded).Concat(crossed.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Threshold} {c.Value:0.###} reaches its threshold {c.Limit:0.###}")));
        var state = unhealthy.Length > 0 ? SubsystemState.Unhealthy : crossed.Length > 0 || degraded.Length > 0 ? SubsystemState.Degraded : SubsystemState.Healthy;
        return new SubsystemStatus(name, state, figures, crossed, [.. reasons]);
    }

    internal static ThresholdCrossing? Cross(string threshold, double? limit, double? value) =>
        limit is { } l && value is { } v && v >= l ? new ThresholdCrossing(threshold, l, v) : null;

    private static ImmutableDictionary<string, double> DispatchFigures(StatusFigures f)
    {
        var figures = Figures(("pending", f.Tables.Queues.Sum(q => q.Pending)), ("due", f.Tables.Due), ("queues", f.Tables.Queues.Count),
            ("deepest_queue", Deepest(f.Tables)), ("oldest_due_seconds", f.Tables.Queues.Select(q => q.OldestDueSeconds).DefaultIfEmpty(0).Max()),
            ("dispatched", f.Window.LeasesIssued), ("breakers_tripped", f.Tables.TrippedBreakers), ("nodes_with_tripped_breakers", f.Tables.NodesWithTrippedBreakers));
        return f.Window.DispatchP99Ms is { } p99 ? figures.Add("dispatch_p99_ms", p99) : figures;
    }

    /// <summary>The due tasks of the queue with the most waiting.</summary>
    private static int Deepest(TableFigures tables) => tables.Queues.Select(q => q.Due).DefaultIfEmpty(0).Max();

    internal static ImmutableDictionary<string, double> Figures(params (string Name, double Value)[] figures) =>
        figures.ToImmutableDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal);
}

using System.Collections.Immutable;
using Claw.Abstractions.Instances;
using Claw.Abstractions.Monitoring;
using Claw.Abstractions.OpenClaw;
using Claw.Abstractions.WireGuard;
using Claw.Abstractions.Swarms;
using Claw.Grains.Monitoring;

namespace Claw.Tests.Rules;

public sealed class MonitoringJudgeTests
{
    private static readonly TableFigures Quiet = new(
        new Dictionary<string, int> { ["online"] = 2, ["offline"] = 1 },
        new Dictionary<string, int> { ["running"] = 1 },
        [new QueueHealth("q", Pending: 4, Due: 3, Leased: 2, OldestDueSeconds: 1.5)],
        ActiveLeases: 2,
        OverdueLeases: 0);

    [Fact]
    public void A_quiet_cluster_is_healthy_with_its_figures_and_the_parts_nothing_reports_on_not_configured()
    {
        var subsystems = MonitoringJudge.Subsystems(Figures(), AlertThresholds.Default);
        Assert.Equal(["storage", "cluster", "dispatch", "leases", "sockets", "gateways", "instances", "ip_pool"], subsystems.Select(s => s.Name));
        Assert.All(subsystems.Take(5), s => Assert.Equal(SubsystemState.Healthy, s.State));
        Assert.All(subsystems.Skip(5), s => Assert.Equal(SubsystemState.NotConfigured, s.State)); // no OpenClaw directory read here
        Assert.Equal(HealthStatus.Healthy, MonitoringJudge.Overall(subsystems));
        var dispatch = subsystems.Single(s => s.Name == "dispatch").Figures;
        Assert.Equal((4, 3, 3, 1.5, 40), (dispatch["pending"], dispatch["due"], dispatch["deepest_queue"], dispatch["oldest_due_seconds"], dispatch["dispatch_p99_ms"]));
    }

    [Fact]
    public void Each_threshold_reached_degrades_its_subsystem_and_names_limit_and_figure()
    {
        var thresholds = new AlertThresholds(BufferUtilization: 0.5, CrashCount: 2, RevocationRate: 0.25, QueueDepth: 3, DispatchP99Ms: 40);
        var figures = Figures(window: new WindowFigures(NodeCrashes: 2, LeasesIssued: 8, LeasesRevoked: 2, LeasesExpired: 1, DispatchP99Ms: 40),
            gateway: new GatewayFigures(3, 0.5));
        var subsystems = MonitoringJudge.Subsystems(figures, thresholds).ToDictionary(s => s.Name);

        Assert.Equal([new ThresholdCrossing("crash_count", 2, 2)], subsystems["cluster"].Crossed.ToArray());
        Assert.Equal(["queue_depth", "dispatch_p99_ms"], subsystems["dispatch"].Crossed.Select(c => c.Threshold));
        Assert.Equal([new ThresholdCrossing("revocation_rate", 0.25, 0.25)], subsystems["leases"].Crossed.ToArray());
        Assert.Equal([new ThresholdCrossing("buffer_utilization", 0.5, 0.5)], subsystems["sockets"].Crossed.ToArray());
        Assert.All(["cluster", "dispatch", "leases", "sockets"], name => Assert.Equal(SubsystemState.Degraded, subsystems[name].State));
        Assert.Contains("crash_count 2 reaches its threshold 2", subsystems["cluster"].Reasons);
        Assert.Equal(HealthStatus.Degraded, MonitoringJudge.Overall(subsystems.Values));
    }

    [Fact]
    public void Figures_just_below_a_threshold_and_thresholds_left_off_cross_nothing()
    {
        var figures = Figures(window: new WindowFigures(2, 10, 4, 0, 39.9), gateway: new GatewayFigures(1, 0.79));
        var subsystems = MonitoringJudge.Subsystems(figures, new AlertThresholds(CrashCount: 3, RevocationRate: 0.5, DispatchP99Ms: 40));
        Assert.All(subsystems, s => Assert.Empty(s.Crossed));
        Assert.Equal(HealthStatus.Healthy, MonitoringJudge.Overall(subsystems));
    }

    [Fact]
    public void Storage_that_does_not_answer_and_due_tasks_with_no_node_online_are_unhealthy()
    {
        var down = MonitoringJudge.Subsystems(Figures() with { StorageReachable = false, StorageDetail = "postgres unavailable (NpgsqlException)" }, AlertThresholds.Default);
        Assert.Equal(SubsystemState.Unhealthy, down[0].State);
        Assert.Equal(["storage does not answer: postgres unavailable (NpgsqlException)"], down[0].Reasons.ToArray());
        Assert.Equal(HealthStatus.Unhealthy, MonitoringJudge.Overall(down));

        var idle = Quiet with { NodesByStatus = new Dictionary<string, int> { ["offline"] = 3 } };
        var stuck = MonitoringJudge.Subsystems(Figures(tables: idle), AlertThresholds.Default).Single(s => s.Name == "dispatch");
        Assert.Equal(SubsystemState.Unhealthy, stuck.State);
        Assert.Equal(["3 due tasks and no node online to run them"], stuck.Reasons.ToArray());
    }

    [Fact]
    public void A_rate_with_nothing_issued_and_buffers_with_no_session_are_not_judged()
    {
        var figures = Figures(window: WindowFigures.Empty, gateway: new GatewayFigures(0, 0));
        var subsystems = MonitoringJudge.Subsystems(figures, new AlertThresholds(BufferUtilization: 0.0001, RevocationRate: 0.0001));
        Assert.All(subsystems, s => Assert.Empty(s.Crossed));
    }

    [Fact]
    public void The_p99_is_the_nearest_rank_and_the_revocation_rate_a_share_of_leases_issued()
    {
        Assert.Null(WindowFigures.P99([]));
        Assert.Equal(7, WindowFigures.P99([7]));
        Assert.Equal(99, WindowFigures.P99([.. Enumerable.Range(1, 100).Select(i => (long)i).Reverse()]));
        Assert.Equal(200, WindowFigures.P99([.. Enumerable.Repeat(1L, 98), 200, 300]));
        Assert.Equal(0.5, new WindowFigures(0, 4, 2, 0, null).RevocationRate);
        Assert.Equal(0, WindowFigures.Empty.RevocationRate);
    }

    [Fact]
    public void Swarm_wide_health_is_the_worst_of_its_swarms_stuck_work_and_overdue_leases()
    {
        var now = RuleData.T0;
        Assert.Equal(HealthStatus.Healthy, SwarmWideJudge.Judge(Quiet, [Swarm("s-1", HealthStatus.Healthy)], now).Status);

        var overdue = SwarmWideJudge.Judge(Quiet with { OverdueLeases = 2 }, [Swarm("s-1", HealthStatus.Degraded)], now);
        Assert.Equal(HealthStatus.Degraded, overdue.Status);
        Assert.Equal(["1 swarms degraded", "2 leases past their deadline"], overdue.Reasons.ToArray());

        var broken = SwarmWideJudge.Judge(Quiet, [Swarm("s-1", HealthStatus.Unhealthy), Swarm("s-2", HealthStatus.Healthy)], now);
        Assert.Equal((HealthStatus.Unhealthy, "s-1"), (broken.Status, Assert.Single(broken.UnhealthySwarms)));
        Assert.Equal(new Dictionary<string, int> { ["unhealthy"] = 1, ["healthy"] = 1 }, broken.SwarmsByHealth);
        Assert.Equal(2, broken.SwarmsJudged);
    }

    [Fact]
    public void Thresholds_outside_their_ranges_are_refused_field_by_field()
    {
        Assert.Empty(ThresholdRules.Errors(AlertThresholds.Default));
        Assert.Empty(ThresholdRules.Errors(new AlertThresholds(1, 1, 1, 1, 1, 0.5)));
        var errors = ThresholdRules.Errors(new AlertThresholds(BufferUtilization: 1.5, CrashCount: 0, RevocationRate: 0, IpPoolUtilization: double.NaN, QueueDepth: 0, DispatchP99Ms: -1));
        Assert.Equal(["buffer_utilization", "crash_count", "dispatch_p99_ms", "ip_pool_utilization", "queue_depth", "revocation_rate"], errors.Keys.Order(StringComparer.Ordinal));
    }

    private static StatusFigures Figures(TableFigures? tables = null, WindowFigures? window = null, GatewayFigures? gateway = null) =>
        new(true, "sqlite answered", 0.4, 0, 2, 0, tables ?? Quiet, window ?? new WindowFigures(0, 10, 1, 0, 40), 3, gateway ?? new GatewayFigures(2, 0.1));

    private static SwarmHealth Swarm(string id, HealthStatus status) =>
        new(id, status, SwarmStatus.Running, [], [], 0, 0, 0, 0, 0, [], [], HealthThresholds.Default, RuleData.T0);

    [Fact]
    public void OpenClaw_parts_are_judged_from_the_directory_and_not_configured_while_none_exists()
    {
        var none = new OpenClawStatus([], [], new PoolStats("10.66.0.0/24", 254, 0, 254, 0), T0);
        Assert.All(new[] { OpenClawJudge.Gateways(none), OpenClawJudge.Instances(none), OpenClawJudge.IpPool(none, AlertThresholds.Default) },
            s => Assert.Equal(SubsystemState.NotConfigured, s.State));
        Assert.Equal(["the OpenClaw directory could not be read"], OpenClawJudge.Gateways(null).Reasons.ToArray());

        var oneDown = none with { Gateways = [Gateway("a", GatewayStatus.Online, 2), Gateway("b", GatewayStatus.Error, 0)] };
        var gateways = OpenClawJudge.Gateways(oneDown);
        Assert.Equal(SubsystemState.Degraded, gateways.State);
        Assert.Equal((2, 1, 1, 2, 8), (gateways.Figures["registered"], gateways.Figures["online"], gateways.Figures["error"], gateways.Figures["sessions_in_use"], gateways.Figures["session_capacity"]));
        Assert.Equal(["1 of 2 gateways offline or in error"], gateways.Reasons.ToArray());

        var allDown = none with { Gateways = [Gateway("a", GatewayStatus.Offline, 0), Gateway("b", GatewayStatus.Connecting, 0)] };
        Assert.Equal(SubsystemState.Unhealthy, OpenClawJudge.Gateways(allDown).State);

        var instances = none with { Instances = [Instance("i1", InstanceStatus.Running, 1), Instance("i2", InstanceStatus.Error, 5), Instance("i3", InstanceStatus.Destroyed, 0)] };
        var judged = OpenClawJudge.Instances(instances);
        Assert.Equal(SubsystemState.Degraded, judged.State);
        Assert.Equal((2, 1, 1, 6), (judged.Figures["total"], judged.Figures["running"], judged.Figures["error"], judged.Figures["restarts"]));
    }

    [Fact]
    public void The_ip_pool_crosses_its_utilization_threshold_and_is_unhealthy_when_exhausted()
    {
        var status = new OpenClawStatus([], [], new PoolStats("10.66.0.0/29", 6, 5, 1, 5 / 6.0), T0);
        var pool = OpenClawJudge.IpPool(status, new AlertThresholds(IpPoolUtilization: 0.8));
        Assert.Equal(SubsystemState.Degraded, pool.State);
        Assert.Equal("ip_pool_utilization", Assert.Single(pool.Crossed).Threshold);
        Assert.Equal(SubsystemState.Healthy, OpenClawJudge.IpPool(status, new AlertThresholds(IpPoolUtilization: 0.9)).State);

        var full = status with { Pool = new PoolStats("10.66.0.0/29", 6, 6, 0, 1) };
        Assert.Equal(SubsystemState.Unhealthy, OpenClawJudge.IpPool(full, AlertThresholds.Default).State);
    }

    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private static GatewayView Gateway(string id, GatewayStatus status, int sessions) => new(
        id, id, "ws://127.0.0.1:1", "node-" + id, status, null, sessions, 4, null, null, "main", null, 0, [], ImmutableDictionary<string, string>.Empty, null, T0, [], 0, 0, []);

    private static InstanceView Instance(string id, InstanceStatus status, int restarts) => new(
        id, id, status, 18789, null, "gw-" + id, null, restarts, null, T0, 4, ImmutableDictionary<string, string>.Empty, null, null, null, null, null, null);
}

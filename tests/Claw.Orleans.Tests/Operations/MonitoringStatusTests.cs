using System.Text.Json;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Operations;

/// <summary>
/// <c>GET /swarm/monitoring/status</c> applies the thresholds in force to live figures, and <c>GET /swarm/health</c>
/// sums swarms, nodes, queues and leases. The host is shared, so each test sets the thresholds it means and reads
/// the figures it caused.
/// </summary>
[Collection(OperationsCollection.Name)]
public sealed class MonitoringStatusTests(OperationsFixture fixture)
{
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public async Task A_queue_reaching_queue_depth_degrades_dispatch_and_the_status_and_a_higher_threshold_clears_it()
    {
        var node = await _api.RegisterNodeAsync();
        using var alive = Heartbeats(node);
        var deepest = (await StatusAsync()).Subsystem("dispatch").GetProperty("figures").GetProperty("deepest_queue").GetInt32();
        var queue = ClawApi.NewId("deep");
        for (var i = 0; i < deepest + 3; i++)
        {
            await _api.SubmitAsync(queue, ""","dispatch":"manual" """); // due, but waiting for an operator's assign
        }

        await PutAsync($$"""{"queue_depth":{{deepest + 3}},"crash_count":1000000,"revocation_rate":1,"buffer_utilization":1}""");
        var degraded = await StatusAsync();
        var dispatch = degraded.Subsystem("dispatch");
        Assert.Equal("degraded", dispatch.Str("status"));
        var crossing = Assert.Single(dispatch.GetProperty("crossed").EnumerateArray());
        Assert.Equal(("queue_depth", deepest + 3.0, deepest + 3.0), (crossing.Str("threshold"), crossing.GetProperty("limit").GetDouble(), crossing.GetProperty("value").GetDouble()));
        Assert.Equal("degraded", degraded.Str("status"));
        Assert.Equal(deepest + 3, degraded.GetProperty("thresholds").GetProperty("queue_depth").GetInt32());

        await PutAsync($$"""{"queue_depth":{{deepest + 4}},"crash_count":1000000,"revocation_rate":1,"buffer_utilization":1}""");
        var cleared = await StatusAsync();
        Assert.Equal("healthy", cleared.Subsystem("dispatch").Str("status"));
        Assert.Equal("healthy", cleared.Str("status"));
        await _api.Http.PostAsync("/api/v1/swarm/alerts/thresholds/reset", null);
    }

    [Fact]
    public async Task Every_subsystem_reports_and_the_ones_nothing_here_provides_are_not_configured()
    {
        var status = await StatusAsync();
        foreach (var name in new[] { "storage", "cluster", "dispatch", "leases", "sockets" })
        {
            Assert.Contains(status.Subsystem(name).Str("status"), new[] { "healthy", "degraded", "unhealthy" });
        }

        foreach (var name in new[] { "gateways", "instances", "ip_pool" })
        {
            Assert.Equal("not_configured", status.Subsystem(name).Str("status"));
        }

        var storage = status.Subsystem("storage").GetProperty("figures");
        Assert.Equal(1, storage.GetProperty("reachable").GetDouble());
        Assert.Equal(1, status.Subsystem("cluster").GetProperty("figures").GetProperty("active_silos").GetDouble());
        Assert.Equal(900, status.GetProperty("window_seconds").GetInt32());
    }

    [Fact]
    public async Task A_crashed_node_counts_in_crash_count_and_its_revoked_lease_in_the_revocation_rate()
    {
        var before = await StatusAsync();
        var crashes = Figure(before, "cluster", "node_crashes");
        var revoked = Figure(before, "leases", "revoked");

        var queue = ClawApi.NewId("crash");
        var node = await _api.RegisterNodeAsync();
        var taskId = (await _api.SubmitAsync(queue)).Str("id");
        await _api.PollOneAsync(node, queue); // leased, then the node goes silent
        await Eventually.Until(() => _api.StatusAsync(taskId), s => s == "pending", TimeSpan.FromSeconds(60), "the crashed node's task to be requeued");

        // Nodes of earlier tests that stopped heartbeating crash meanwhile too: the figures grow by at least this one.
        var counted = Figure(await StatusAsync(), "cluster", "node_crashes");
        Assert.True(counted >= crashes + 1, $"{counted} crashes counted, {crashes} before");
        await PutAsync($$"""{"crash_count":{{(int)counted}},"revocation_rate":1,"buffer_utilization":1}""");
        var after = await StatusAsync();
        Assert.True(Figure(after, "leases", "revoked") >= revoked + 1);
        Assert.Equal("degraded", after.Subsystem("cluster").Str("status"));
        Assert.Equal("crash_count", Assert.Single(after.Subsystem("cluster").GetProperty("crossed").EnumerateArray()).Str("threshold"));

        var rate = Figure(after, "leases", "revocation_rate");
        await PutAsync($$"""{"crash_count":1000000,"revocation_rate":{{rate.ToString(System.Globalization.CultureInfo.InvariantCulture)}},"buffer_utilization":1}""");
        Assert.Equal("revocation_rate", Assert.Single((await StatusAsync()).Subsystem("leases").GetProperty("crossed").EnumerateArray()).Str("threshold"));

        var timeline = await (await _api.Http.GetAsync($"/api/v1/swarm/timeline?node_id={node}&event_type=node.crashed")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Single(timeline.GetProperty("items").EnumerateArray());
        await _api.Http.PostAsync("/api/v1/swarm/alerts/thresholds/reset", null);
    }

    [Fact]
    public async Task Swarm_wide_health_counts_swarms_nodes_queues_and_leases_and_names_an_unhealthy_swarm()
    {
        var empty = (await (await _api.Http.PostJsonAsync("/api/v1/swarms", """{"name":"no members"}""")).EnsureSuccessStatusCode().ReadJsonAsync()).Str("id");
        var queue = ClawApi.NewId("hq");
        await _api.SubmitAsync(queue, ""","dispatch":"manual" """);
        await _api.SubmitAsync(queue, ""","dispatch":"manual" """);
        var health = await Eventually.Until(
            async () => await (await _api.Http.GetAsync("/api/v1/swarm/health")).EnsureSuccessStatusCode().ReadJsonAsync(),
            h => h.GetProperty("swarms").GetProperty("unhealthy").EnumerateArray().Any(s => s.GetString() == empty),
            TimeSpan.FromSeconds(30),
            "the member-less swarm to be judged");
        Assert.Equal("unhealthy", health.Str("status"));
        Assert.Contains(health.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("swarms unhealthy", StringComparison.Ordinal));
        Assert.True(health.GetProperty("swarms").GetProperty("total").GetInt32() >= 1);
        var row = health.GetProperty("queues").EnumerateArray().Single(q => q.Str("queue") == queue);
        Assert.Equal((2, 2, 0), (row.GetProperty("pending").GetInt32(), row.GetProperty("due").GetInt32(), row.GetProperty("leased").GetInt32()));
        Assert.True(health.GetProperty("nodes").EnumerateObject().Sum(n => n.Value.GetInt32()) >= 0);
        Assert.True(health.GetProperty("leases").GetProperty("active").GetInt32() >= 0);
        (await _api.Http.PostAsync($"/api/v1/swarms/{empty}/stop", null)).EnsureSuccessStatusCode();
    }

    private async Task<JsonElement> StatusAsync() => await (await _api.Http.GetAsync("/api/v1/swarm/monitoring/status")).EnsureSuccessStatusCode().ReadJsonAsync();

    private async Task PutAsync(string json) =>
        (await _api.Http.PutAsync("/api/v1/swarm/alerts/thresholds", HttpAssertions.Json(json))).EnsureSuccessStatusCode();

    private static double Figure(JsonElement status, string subsystem, string figure) =>
        status.Subsystem(subsystem).GetProperty("figures").GetProperty(figure).GetDouble();

    /// <summary>Keeps <paramref name="node"/> alive (this host declares a silent node crashed after 3 s) until disposed.</summary>
    private CancellationTokenSource Heartbeats(string node)
    {
        var stop = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await _api.Http.PostAsync($"/api/v1/nodes/{node}/heartbeat", null);
                await Task.Delay(500);
            }
        });
        return stop;
    }
}

using System.Net;
using System.Text.Json;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Swarms;

/// <summary>Swarms over HTTP: lifecycle, membership, pause and the concurrency limit at dispatch, and health.</summary>
[Collection(ShortTimersCollection.Name)]
public sealed class SwarmTests(ShortTimersFixture fixture)
{
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public async Task A_swarm_provisions_its_nodes_then_runs_pauses_resumes_and_stops()
    {
        var node = await _api.RegisterNodeAsync();
        var created = await CreateAsync($$"""{"name":"coders","persona":"careful","model":"m1","max_concurrent_tasks":3,"node_ids":["{{node}}"]}""");
        Assert.Equal("provisioning", created.Str("status"));
        var id = created.Str("id");
        var running = await WaitForAsync(id, "running");
        Assert.Equal([node], running.GetProperty("node_ids").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(id, (await (await _api.Http.GetAsync($"/api/v1/nodes/{node}")).ReadJsonAsync()).Str("swarm_id"));

        Assert.Equal("paused", (await PostAsync($"/api/v1/swarms/{id}/pause")).Str("status"));
        Assert.Equal("running", (await PostAsync($"/api/v1/swarms/{id}/resume")).Str("status"));
        await (await _api.Http.DeleteAsync($"/api/v1/swarms/{id}")).AssertProblemAsync(HttpStatusCode.Conflict, "invalid_transition");
        Assert.Equal("stopped", (await PostAsync($"/api/v1/swarms/{id}/stop")).Str("status"));
        await (await _api.Http.PostAsync($"/api/v1/swarms/{id}/resume", null)).AssertProblemAsync(HttpStatusCode.Conflict, "invalid_transition");
        var listed = await (await _api.Http.GetAsync("/api/v1/swarms?status=stopped")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Contains(listed.EnumerateArray(), s => s.Str("id") == id);
        Assert.Equal(HttpStatusCode.NoContent, (await _api.Http.DeleteAsync($"/api/v1/swarms/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Http.GetAsync($"/api/v1/swarms/{id}")).StatusCode);
    }

    [Fact]
    public async Task Provisioning_with_an_unknown_node_fails_the_swarm()
    {
        var created = await CreateAsync("""{"name":"ghosts","node_ids":["no-such-node"]}""");
        var failed = await WaitForAsync(created.Str("id"), "failed");
        Assert.Contains("no-such-node", failed.Str("error"));
    }

    [Fact]
    public async Task Pausing_stops_dispatch_of_the_swarms_tasks_and_resuming_restarts_it()
    {
        var (swarm, node, queue) = await SwarmWithNodeAsync(limit: null);
        (await _api.Http.PostAsync($"/api/v1/swarms/{swarm}/pause", null)).EnsureSuccessStatusCode();
        var tasks = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            tasks.Add((await _api.SubmitAsync(queue, $$""","swarm_id":"{{swarm}}" """)).Str("id"));
        }

        Assert.Empty(await _api.PollAsync(node, queue, max: 3, wait: 2));
        foreach (var id in tasks)
        {
            Assert.Equal("pending", await _api.StatusAsync(id));
        }

        (await _api.Http.PostAsync($"/api/v1/swarms/{swarm}/resume", null)).EnsureSuccessStatusCode();
        var leases = await PollUntilAsync(node, queue, 3);
        Assert.Equal(tasks.Order(), leases.Select(l => l.Str("task_id")).Order());
    }

    [Fact]
    public async Task The_swarm_limit_caps_running_tasks_across_its_nodes_and_a_freed_slot_lets_the_next_one_run()
    {
        var (swarm, first, queue) = await SwarmWithNodeAsync(limit: 2);
        var second = await _api.RegisterNodeAsync(slots: 5);
        (await _api.Http.PostAsync($"/api/v1/swarms/{swarm}/nodes/{second}", null)).EnsureSuccessStatusCode();
        for (var i = 0; i < 4; i++)
        {
            await _api.SubmitAsync(queue, $$""","swarm_id":"{{swarm}}" """);
        }

        var leased = new List<JsonElement>();
        leased.AddRange(await _api.PollAsync(first, queue, max: 5, wait: 1));
        leased.AddRange(await _api.PollAsync(second, queue, max: 5, wait: 1));
        Assert.Equal(2, leased.Count);
        Assert.Equal(2, (await (await _api.Http.GetAsync($"/api/v1/swarms/{swarm}")).ReadJsonAsync()).GetProperty("active_tasks").GetInt32());

        (await _api.CompleteLeaseAsync(leased[0])).EnsureSuccessStatusCode();
        var next = await PollUntilAsync(second, queue, 1);
        Assert.Empty(await _api.PollAsync(first, queue, max: 5, wait: 1));
        Assert.DoesNotContain(next[0].Str("task_id"), leased.Select(l => l.Str("task_id")));
    }

    [Fact]
    public async Task Only_members_take_a_swarms_tasks_and_a_removed_member_no_longer_does()
    {
        var (swarm, member, queue) = await SwarmWithNodeAsync(limit: null);
        var outsider = await _api.RegisterNodeAsync(slots: 2);
        await _api.SubmitAsync(queue, $$""","swarm_id":"{{swarm}}" """);
        Assert.Empty(await _api.PollAsync(outsider, queue, wait: 1));

        (await _api.Http.DeleteAsync($"/api/v1/swarms/{swarm}/nodes/{member}")).EnsureSuccessStatusCode();
        Assert.Empty(await _api.PollAsync(member, queue, wait: 1));
        await (await _api.Http.DeleteAsync($"/api/v1/swarms/{swarm}/nodes/{member}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        (await _api.Http.PostAsync($"/api/v1/swarms/{swarm}/nodes/{outsider}", null)).EnsureSuccessStatusCode();
        Assert.Single(await PollUntilAsync(outsider, queue, 1));
    }

    [Fact]
    public async Task Health_reports_members_leases_depth_and_failures_against_the_swarms_thresholds()
    {
        var (swarm, node, queue) = await SwarmWithNodeAsync(limit: null, thresholds: ""","health_thresholds":{"degraded_failure_rate":0.25,"unhealthy_failure_rate":0.6}""");
        var idle = await _api.RegisterNodeAsync();
        (await _api.Http.PostAsync($"/api/v1/swarms/{swarm}/nodes/{idle}", null)).EnsureSuccessStatusCode();
        var healthy = await HealthAsync(swarm);
        Assert.Equal("healthy", healthy.Str("status"));
        Assert.Equal(2, healthy.GetProperty("members_online").GetArrayLength());

        // 1 of 3 ended tasks failed: 33 %, above this swarm's degraded threshold (25 %) and below unhealthy (60 %).
        for (var i = 0; i < 4; i++)
        {
            await _api.SubmitAsync(queue, $$""","swarm_id":"{{swarm}}","max_retries":0""");
        }

        var leases = await PollUntilAsync(node, queue, 4);
        (await _api.CompleteLeaseAsync(leases[0])).EnsureSuccessStatusCode();
        (await _api.CompleteLeaseAsync(leases[1])).EnsureSuccessStatusCode();
        (await _api.Http.PostJsonAsync($"/api/v1/leases/{leases[2].Str("lease_id")}/fail", $$"""{"token":"{{leases[2].Str("lease_token")}}","error":"boom"}""")).EnsureSuccessStatusCode();
        var degraded = await HealthAsync(swarm);
        Assert.Equal("degraded", degraded.Str("status"));
        Assert.Equal(1, degraded.GetProperty("active_leases").GetInt32());
        Assert.Equal(1, degraded.GetProperty("recent_failures").GetInt32());
        Assert.Equal(2, degraded.GetProperty("recent_completed").GetInt32());
        Assert.Equal(leases[2].Str("task_id"), degraded.GetProperty("recent_failed_task_ids")[0].GetString());

        // Both members fall silent: with no member online the swarm is unhealthy, and the crashed node's task waits again.
        var offline = await Eventually.Until(
            () => HealthAsync(swarm),
            h => h.GetProperty("members_online").GetArrayLength() == 0 && h.GetProperty("queue_depth").GetInt32() == 1,
            TimeSpan.FromSeconds(30),
            "both members to be declared crashed and the held task requeued");
        Assert.Equal("unhealthy", offline.Str("status"));
        Assert.Equal(2, offline.GetProperty("members_offline").GetArrayLength());
        Assert.Equal(0, offline.GetProperty("active_leases").GetInt32());
        Assert.Contains("no member is online", offline.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
    }

    [Theory]
    [InlineData("""{"persona":"x"}""", "name")]
    [InlineData("""{"name":"s","max_concurrent_tasks":0}""", "max_concurrent_tasks")]
    [InlineData("""{"name":"s","health_thresholds":{"unhealthy_failure_rate":2}}""", "health_thresholds.unhealthy_failure_rate")]
    [InlineData("""{"name":"s","health_thresholds":{"degraded_failure_rate":0.7,"unhealthy_failure_rate":0.5}}""", "health_thresholds.degraded_failure_rate")]
    [InlineData("""{"name":"s","node_ids":["bad id"]}""", "node_ids")]
    public async Task Invalid_swarms_are_refused_with_the_field_named(string body, string field)
    {
        var problem = await (await _api.Http.PostJsonAsync("/api/v1/swarms", body)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    private async Task<(string Swarm, string Node, string Queue)> SwarmWithNodeAsync(int? limit, string thresholds = "")
    {
        var node = await _api.RegisterNodeAsync(slots: 5);
        var swarm = await CreateAsync($$"""{"name":"s","node_ids":["{{node}}"]{{(limit is { } l ? $",\"max_concurrent_tasks\":{l}" : "")}}{{thresholds}}}""");
        await WaitForAsync(swarm.Str("id"), "running");
        return (swarm.Str("id"), node, ClawApi.NewId("sq"));
    }

    private async Task<JsonElement> CreateAsync(string body)
    {
        var response = await _api.Http.PostJsonAsync("/api/v1/swarms", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private async Task<JsonElement> PostAsync(string path) => await (await _api.Http.PostAsync(path, null)).EnsureSuccessStatusCode().ReadJsonAsync();

    private async Task<JsonElement> HealthAsync(string swarm) => await (await _api.Http.GetAsync($"/api/v1/swarms/{swarm}/health")).EnsureSuccessStatusCode().ReadJsonAsync();

    private Task<JsonElement> WaitForAsync(string id, string status) => Eventually.Until(
        async () => await (await _api.Http.GetAsync($"/api/v1/swarms/{id}")).ReadJsonAsync(),
        s => s.Str("status") == status, TimeSpan.FromSeconds(10), $"swarm {id} to be {status}");

    private async Task<List<JsonElement>> PollUntilAsync(string node, string queue, int count)
    {
        var got = new List<JsonElement>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (got.Count < count && DateTime.UtcNow < deadline)
        {
            got.AddRange(await _api.PollAsync(node, queue, max: count - got.Count, wait: 2));
        }

        Assert.Equal(count, got.Count);
        return got;
    }
}

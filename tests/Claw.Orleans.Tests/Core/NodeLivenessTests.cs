using System.Net;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Core;

/// <summary>
/// Liveness end to end, on the shared host with a short crash_after (silence is detected within seconds). The rule's
/// edges (beats every 800 ms against a 2 s crash_after, a long poll, a fresh activation) are NodeLivenessTests in Rules.
/// </summary>
[Collection(ShortTimersCollection.Name)]
public sealed class NodeLivenessTests(ShortTimersFixture fixture)
{
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public async Task A_silent_node_is_declared_crashed_its_leases_revoked_its_tasks_done_by_another_node_and_a_beat_brings_it_back()
    {
        var queue = ClawApi.NewId("q");
        var task = await _api.SubmitAsync(queue, ""","max_retries":0""");
        var silent = await _api.RegisterNodeAsync();
        var zombieLease = await _api.PollOneAsync(silent, queue, wait: 0);

        var requeued = await Eventually.Until(() => _api.TaskAsync(task.Str("id")), t => t.Str("status") == "pending", TimeSpan.FromSeconds(20), "the crashed node's task to be requeued");
        Assert.Equal(2, requeued.GetProperty("attempt").GetInt32());
        Assert.Equal(1, requeued.GetProperty("crash_requeues").GetInt32());
        var node = await (await _api.Http.GetAsync($"/api/v1/nodes/{silent}")).ReadJsonAsync();
        Assert.Equal("offline", node.Str("status"));
        Assert.Equal(0, node.GetProperty("active_leases").GetInt32());

        // The crash did not spend the only retry (max_retries 0): another node runs the task and completes it.
        var healthy = await _api.RegisterNodeAsync();
        var lease = await _api.PollOneAsync(healthy, queue, wait: 5);
        (await _api.CompleteLeaseAsync(lease)).EnsureSuccessStatusCode();

        await (await _api.CompleteLeaseAsync(zombieLease)).AssertProblemAsync(HttpStatusCode.Conflict, "stale_lease");
        var final = await _api.TaskAsync(task.Str("id"));
        Assert.Equal("completed", final.Str("status"));
        Assert.Equal(healthy, final.Str("node_id"));
        var timeline = await _api.TimelineAsync(task.Str("id"));
        Assert.Contains("node_crashed", timeline);
        Assert.Contains("lease_revoked", timeline);
        Assert.Single(timeline, e => e == "completed");

        var back = await (await _api.Http.PostAsync($"/api/v1/nodes/{silent}/heartbeat", null)).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal("online", back.Str("status"));
    }

    [Fact]
    public async Task Heartbeats_keep_a_node_and_its_lease_alive_past_crash_after()
    {
        var queue = ClawApi.NewId("q");
        var task = await _api.SubmitAsync(queue);
        var node = await _api.RegisterNodeAsync();
        var lease = await _api.PollOneAsync(node, queue, wait: 0);

        // Beats for longer than crash_after: a crash on the way would revoke the lease and requeue the task (and the
        // next beat would bring the node back online, hiding it), so the lease and the task are what is checked.
        var until = DateTimeOffset.UtcNow + ShortTimersFixture.CrashAfter + TimeSpan.FromSeconds(1);
        while (DateTimeOffset.UtcNow < until)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            (await _api.Http.PostAsync($"/api/v1/nodes/{node}/heartbeat", null)).EnsureSuccessStatusCode();
        }

        var held = await _api.TaskAsync(task.Str("id"));
        Assert.Equal(("assigned", 1, 0), (held.Str("status"), held.GetProperty("attempt").GetInt32(), held.GetProperty("crash_requeues").GetInt32()));
        Assert.Equal("active", (await (await _api.Http.GetAsync($"/api/v1/leases/{lease.Str("lease_id")}")).ReadJsonAsync()).Str("status"));
        Assert.Equal("busy", (await (await _api.Http.GetAsync($"/api/v1/nodes/{node}")).ReadJsonAsync()).Str("status")); // its one slot is leased
        Assert.DoesNotContain("node_crashed", await _api.TimelineAsync(task.Str("id")));
    }

    [Fact]
    public async Task Deregistering_a_node_requeues_its_tasks_without_spending_a_retry()
    {
        var queue = ClawApi.NewId("q");
        var task = await _api.SubmitAsync(queue, ""","max_retries":0""");
        var leaving = await _api.RegisterNodeAsync();
        await _api.PollOneAsync(leaving, queue, wait: 0);

        Assert.Equal(HttpStatusCode.NoContent, (await _api.Http.DeleteAsync($"/api/v1/nodes/{leaving}")).StatusCode);
        await Eventually.Until(() => _api.StatusAsync(task.Str("id")), s => s == "pending", TimeSpan.FromSeconds(10), "the task to be requeued");
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Http.GetAsync($"/api/v1/nodes/{leaving}")).StatusCode);
    }

    [Fact]
    public async Task A_draining_node_keeps_its_lease_but_takes_no_new_work()
    {
        var queue = ClawApi.NewId("q");
        await _api.SubmitAsync(queue);
        await _api.SubmitAsync(queue);
        var node = await _api.RegisterNodeAsync(slots: 2);
        var lease = await _api.PollOneAsync(node, queue, wait: 0);
        var drained = await (await _api.Http.PostAsync($"/api/v1/nodes/{node}/drain", null)).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal("draining", drained.Str("status"));
        Assert.Empty(await _api.PollAsync(node, queue));
        (await _api.CompleteLeaseAsync(lease)).EnsureSuccessStatusCode();
    }
}

using System.Net;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Core;

/// <summary>Runs its own host with a short crash_after, so silence is detected within seconds.</summary>
public sealed class NodeLivenessTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private ClawTestHost _host = null!;
    private ClawApi _api = null!;

    public async Task InitializeAsync()
    {
        _host = await ClawTestHost.StartAsync(_data.Path, "--crash-after", "00:00:02", "--Claw:MinimumReminderPeriod", "00:00:01");
        _api = new ClawApi(_host.CreateClient());
    }

    public async Task DisposeAsync()
    {
        _api.Http.Dispose();
        await _host.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task A_silent_node_is_declared_crashed_its_leases_revoked_and_its_tasks_done_by_another_node()
    {
        var queue = ClawApi.NewId("q");
        var task = await _api.SubmitAsync(queue, ""","max_retries":0""");
        var silent = await _api.RegisterNodeAsync();
        var zombieLease = await _api.PollOneAsync(silent, queue, wait: 0);

        var requeued = await Eventually.Until(() => _api.TaskAsync(task.Str("id")), t => t.Str("status") == "pending", TimeSpan.FromSeconds(15), "the crashed node's task to be requeued");
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
    }

    [Fact]
    public async Task Heartbeats_keep_a_node_online_and_bring_an_offline_node_back()
    {
        var node = await _api.RegisterNodeAsync();
        for (var i = 0; i < 5; i++)
        {
            await Task.Delay(800);
            (await _api.Http.PostAsync($"/api/v1/nodes/{node}/heartbeat", null)).EnsureSuccessStatusCode();
        }

        Assert.Equal("online", (await (await _api.Http.GetAsync($"/api/v1/nodes/{node}")).ReadJsonAsync()).Str("status"));
        await Eventually.Until(async () => (await (await _api.Http.GetAsync($"/api/v1/nodes/{node}")).ReadJsonAsync()).Str("status"), s => s == "offline", TimeSpan.FromSeconds(15), "the node to go offline");
        var back = await (await _api.Http.PostAsync($"/api/v1/nodes/{node}/heartbeat", null)).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal("online", back.Str("status"));
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

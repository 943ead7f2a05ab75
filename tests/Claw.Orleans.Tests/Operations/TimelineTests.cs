using System.Net;
using System.Text.Json;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Operations;

/// <summary>
/// <c>GET /swarm/timeline</c>: the cluster-wide timeline from the events table, written in the same commits as the
/// state changes: newest first, filtered by task, node, type and time, paged by cursor.
/// </summary>
[Collection(OperationsCollection.Name)]
public sealed class TimelineTests(OperationsFixture fixture)
{
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public async Task A_task_s_life_reads_newest_first_and_agrees_with_its_own_timeline()
    {
        var (taskId, node) = await RunOneAsync();
        var events = await PageAsync($"task_id={taskId}");
        Assert.Equal(["task.completed", "task.assigned", "task.queued", "task.created"], events.Select(e => e.Str("type")));
        Assert.True(events.Select(e => e.GetProperty("id").GetInt64()).SequenceEqual(events.Select(e => e.GetProperty("id").GetInt64()).OrderDescending()));
        Assert.All(events, e => Assert.Equal(taskId, e.Str("task_id")));
        var assigned = events[1];
        Assert.Equal((node, 1), (assigned.Str("node_id"), assigned.GetProperty("attempt").GetInt32()));
        Assert.Equal("assigned", assigned.GetProperty("data").GetProperty("status").GetString());
        Assert.True(assigned.GetProperty("data").GetProperty("dispatch_ms").GetInt64() >= 0);
        Assert.Equal(await _api.TimelineAsync(taskId), events.Select(e => e.Str("type")["task.".Length..]).Reverse());
    }

    [Fact]
    public async Task Pages_follow_the_cursor_to_the_oldest_event_without_a_gap_or_a_repeat()
    {
        var (taskId, _) = await RunOneAsync();
        var all = await PageAsync($"task_id={taskId}");
        var paged = new List<long>();
        string? cursor = null;
        do
        {
            var page = await (await _api.Http.GetAsync($"/api/v1/swarm/timeline?task_id={taskId}&limit=3{(cursor is null ? "" : "&cursor=" + cursor)}")).EnsureSuccessStatusCode().ReadJsonAsync();
            paged.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(all.Select(e => e.GetProperty("id").GetInt64()), paged);
    }

    [Fact]
    public async Task Filters_by_node_type_family_and_time_select_exactly_their_events()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var (taskId, node) = await RunOneAsync();

        var ofNode = await PageAsync($"node_id={node}");
        Assert.Contains(ofNode, e => e.Str("type") == "node.registered");
        Assert.Contains(ofNode, e => e.Str("type") == "task.completed" && e.Str("task_id") == taskId);
        Assert.All(ofNode, e => Assert.Equal(node, e.Str("node_id")));

        var completions = await PageAsync($"event_type=task.completed,task.assigned&task_id={taskId}");
        Assert.Equal(["task.completed", "task.assigned"], completions.Select(e => e.Str("type")));

        var family = await PageAsync($"event_type=node.*&node_id={node}");
        Assert.Equal(["node.online", "node.registered"], family.Select(e => e.Str("type"))); // registered offline, online at its first poll
        Assert.Equal(family.Select(e => e.GetProperty("id").GetInt64()), (await PageAsync($"event_type=node&node_id={node}")).Select(e => e.GetProperty("id").GetInt64()));

        var window = await PageAsync($"task_id={taskId}&since={Iso(before)}&until={Iso(DateTimeOffset.UtcNow.AddSeconds(5))}");
        Assert.Equal(4, window.Count);
        Assert.Empty(await PageAsync($"task_id={taskId}&until={Iso(before)}"));
    }

    [Fact]
    public async Task Workflows_and_swarms_write_their_status_changes_to_the_timeline()
    {
        var swarm = (await (await _api.Http.PostJsonAsync("/api/v1/swarms", """{"name":"timeline"}""")).EnsureSuccessStatusCode().ReadJsonAsync()).Str("id");
        (await _api.Http.PostAsync($"/api/v1/swarms/{swarm}/pause", null)).EnsureSuccessStatusCode();
        (await _api.Http.PostAsync($"/api/v1/swarms/{swarm}/resume", null)).EnsureSuccessStatusCode();
        var swarmEvents = await PageAsync($"event_type=swarm&limit=500");
        Assert.Equal(["swarm.resumed", "swarm.paused", "swarm.running", "swarm.created"], swarmEvents.Where(e => e.Str("swarm_id") == swarm).Select(e => e.Str("type")));

        var queue = ClawApi.NewId("wf");
        var workflow = (await (await _api.Http.PostJsonAsync("/api/v1/workflows", $$"""{"name":"timeline","queue":"{{queue}}","task_payloads":[{"n":1}],"start":true}""")).EnsureSuccessStatusCode().ReadJsonAsync()).Str("id");
        var workflowEvents = await PageAsync($"event_type=workflow.*&limit=500");
        Assert.Equal(["workflow.started", "workflow.created"], workflowEvents.Where(e => e.Str("workflow_id") == workflow).Select(e => e.Str("type")));
        var stepEvents = await PageAsync($"event_type=task.created&limit=500");
        Assert.Contains(stepEvents, e => e.GetProperty("workflow_id").GetString() == workflow);
    }

    [Fact]
    public async Task Bad_filters_are_refused_naming_each_field()
    {
        var response = await _api.Http.GetAsync("/api/v1/swarm/timeline?event_type=Task%20Failed&since=yesterday&until=2026-13-01&limit=0&task_id=bad%20id");
        await response.AssertInvalidAsync("event_type", "since", "until", "limit", "task_id");
        await (await _api.Http.GetAsync("/api/v1/swarm/timeline?cursor=not-ours")).AssertInvalidAsync();
        var reversed = await _api.Http.GetAsync("/api/v1/swarm/timeline?since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z");
        await reversed.AssertInvalidAsync("until");
    }

    /// <summary>One task through a fresh node: submitted, leased by a poll, completed.</summary>
    private async Task<(string TaskId, string Node)> RunOneAsync()
    {
        var queue = ClawApi.NewId("tl");
        var node = await _api.RegisterNodeAsync();
        var taskId = (await _api.SubmitAsync(queue)).Str("id");
        var lease = await _api.PollOneAsync(node, queue);
        (await _api.CompleteLeaseAsync(lease)).EnsureSuccessStatusCode();
        return (taskId, node);
    }

    private async Task<List<JsonElement>> PageAsync(string query)
    {
        var response = await _api.Http.GetAsync("/api/v1/swarm/timeline?" + query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return [.. (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray()];
    }

    private static string Iso(DateTimeOffset time) => Uri.EscapeDataString(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
}

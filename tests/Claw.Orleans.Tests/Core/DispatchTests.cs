using System.Diagnostics;
using System.Net;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Core;

[Collection(GatewayCollection.Name)]
public sealed class DispatchTests(GatewayFixture fixture)
{
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public async Task A_submitted_task_is_pending_then_leased_to_a_polling_node()
    {
        var queue = ClawApi.NewId("q");
        var task = await _api.SubmitAsync(queue);
        Assert.Equal("pending", task.Str("status"));
        Assert.Equal(1, task.GetProperty("attempt").GetInt32());

        var node = await _api.RegisterNodeAsync();
        var assignment = await _api.PollOneAsync(node, queue, wait: 0);
        Assert.Equal(task.Str("id"), assignment.Str("task_id"));
        Assert.Equal(1, assignment.GetProperty("attempt").GetInt32());
        Assert.Equal(1, assignment.GetProperty("task_payload").GetProperty("n").GetInt32());
        Assert.Equal(task.Str("correlation_id"), assignment.Str("correlation_id"));

        var leased = await _api.TaskAsync(task.Str("id"));
        Assert.Equal("assigned", leased.Str("status"));
        Assert.Equal(node, leased.Str("node_id"));
        Assert.Equal(node, leased.Str("bot_id"));
        Assert.Equal(assignment.Str("lease_id"), leased.Str("lease_id"));
    }

    [Fact]
    public async Task A_waiting_poll_is_answered_when_a_matching_task_arrives()
    {
        var queue = ClawApi.NewId("q");
        var node = await _api.RegisterNodeAsync();
        var clock = Stopwatch.StartNew();
        var poll = _api.PollAsync(node, queue, max: 1, wait: 20);
        await Task.Delay(500);
        Assert.False(poll.IsCompleted, "the poll should be waiting for work");

        var task = await _api.SubmitAsync(queue);
        var assignments = await poll;
        Assert.Single(assignments);
        Assert.Equal(task.Str("id"), assignments[0].Str("task_id"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "the waiting poll was answered by the arrival, not by its timeout");
    }

    [Fact]
    public async Task An_empty_poll_waits_its_time_and_answers_no_assignments()
    {
        var node = await _api.RegisterNodeAsync();
        var clock = Stopwatch.StartNew();
        var assignments = await _api.PollAsync(node, ClawApi.NewId("q"), wait: 1);
        Assert.Empty(assignments);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9));
    }

    [Fact]
    public async Task Requirements_are_matched_capabilities_models_resources_and_labels()
    {
        var queue = ClawApi.NewId("q");
        var task = await _api.SubmitAsync(queue, """ ,"required_capabilities":["python"],"models":["llama"],"resources":{"memory_mb":2048},"labels":{"zone":"eu"}""");
        var weak = await _api.RegisterNodeAsync("""["python"]""", extra: ""","models":["llama"],"resources":{"memory_mb":1024},"labels":{"zone":"eu"}""");
        var wrongZone = await _api.RegisterNodeAsync("""["python"]""", extra: ""","models":["llama"],"resources":{"memory_mb":4096},"labels":{"zone":"us"}""");
        var noModel = await _api.RegisterNodeAsync("""["python"]""", extra: ""","resources":{"memory_mb":4096},"labels":{"zone":"eu"}""");
        var fit = await _api.RegisterNodeAsync("""["python","git"]""", extra: ""","models":["llama","qwen"],"resources":{"memory_mb":4096},"labels":{"zone":"eu","tier":"a"}""");

        Assert.Empty(await _api.PollAsync(weak, queue));
        Assert.Empty(await _api.PollAsync(wrongZone, queue));
        Assert.Empty(await _api.PollAsync(noModel, queue));
        Assert.Equal(task.Str("id"), (await _api.PollOneAsync(fit, queue, wait: 0)).Str("task_id"));
    }

    [Fact]
    public async Task Higher_priority_goes_first_and_fifo_inside_a_priority()
    {
        var queue = ClawApi.NewId("q");
        var low = await _api.SubmitAsync(queue, ""","priority":"low" """);
        var normal1 = await _api.SubmitAsync(queue);
        var critical = await _api.SubmitAsync(queue, ""","priority":"critical" """);
        var normal2 = await _api.SubmitAsync(queue);
        var high = await _api.SubmitAsync(queue, ""","priority":"high" """);

        var pending = await (await _api.Http.GetAsync($"/api/v1/tasks/pending?queue={queue}")).ReadJsonAsync();
        string[] expected = [critical.Str("id"), high.Str("id"), normal1.Str("id"), normal2.Str("id"), low.Str("id")];
        Assert.Equal(expected, pending.EnumerateArray().Select(t => t.Str("id")));

        var node = await _api.RegisterNodeAsync(slots: 5);
        var assignments = await _api.PollAsync(node, queue, max: 5);
        Assert.Equal(expected, assignments.Select(a => a.Str("task_id")));
    }

    [Fact]
    public async Task A_node_never_holds_more_than_its_slots()
    {
        var queue = ClawApi.NewId("q");
        for (var i = 0; i < 5; i++)
        {
            await _api.SubmitAsync(queue);
        }

        var node = await _api.RegisterNodeAsync(slots: 2);
        Assert.Equal(2, (await _api.PollAsync(node, queue, max: 5)).Count);
        Assert.Empty(await _api.PollAsync(node, queue, max: 5));
        var view = await (await _api.Http.GetAsync($"/api/v1/nodes/{node}")).ReadJsonAsync();
        Assert.Equal("busy", view.Str("status"));
        Assert.Equal(2, view.GetProperty("active_leases").GetInt32());
    }

    [Fact]
    public async Task Run_at_in_the_future_holds_the_task_until_then()
    {
        var queue = ClawApi.NewId("q");
        var runAt = DateTimeOffset.UtcNow.AddSeconds(2).ToString("O");
        var task = await _api.SubmitAsync(queue, $$""","run_at":"{{runAt}}" """);
        var node = await _api.RegisterNodeAsync();
        Assert.Empty(await _api.PollAsync(node, queue));
        var assignment = await _api.PollOneAsync(node, queue, wait: 10);
        Assert.Equal(task.Str("id"), assignment.Str("task_id"));
        Assert.True(DateTimeOffset.UtcNow >= DateTimeOffset.Parse(runAt, System.Globalization.CultureInfo.InvariantCulture).AddMilliseconds(-50));
    }

    [Fact]
    public async Task Manual_tasks_wait_for_assign_and_assign_refuses_a_node_that_cannot_run_them()
    {
        var queue = ClawApi.NewId("q");
        var task = await _api.SubmitAsync(queue, ""","dispatch":"manual","required_capabilities":["gpu"]""");
        var cpu = await _api.RegisterNodeAsync("""["cpu"]""");
        var gpu = await _api.RegisterNodeAsync("""["gpu"]""");
        Assert.Empty(await _api.PollAsync(gpu, queue));

        var refused = await _api.Http.PostJsonAsync($"/api/v1/tasks/{task.Str("id")}/assign", $$"""{"bot_id":"{{cpu}}"}""");
        await refused.AssertProblemAsync(HttpStatusCode.Conflict, "node_cannot_run");

        var assigned = await (await _api.Http.PostJsonAsync($"/api/v1/tasks/{task.Str("id")}/assign", $$"""{"bot_id":"{{gpu}}"}""")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal("assigned", assigned.Str("status"));
        Assert.Equal(gpu, assigned.Str("node_id"));
    }

    [Fact]
    public async Task Reassigning_an_unstarted_task_fences_off_the_first_lease()
    {
        var queue = ClawApi.NewId("q");
        var task = await _api.SubmitAsync(queue);
        var first = await _api.RegisterNodeAsync();
        var second = await _api.RegisterNodeAsync();
        var firstAssignment = await _api.PollOneAsync(first, queue, wait: 0);

        (await _api.Http.PostJsonAsync($"/api/v1/tasks/{task.Str("id")}/assign", $$"""{"node_id":"{{second}}"}""")).EnsureSuccessStatusCode();
        await (await _api.CompleteLeaseAsync(firstAssignment)).AssertProblemAsync(HttpStatusCode.Conflict, "stale_lease");

        var started = await _api.Http.PostJsonAsync($"/api/v1/tasks/{task.Str("id")}/start", $$"""{"bot_id":"{{second}}"}""");
        Assert.Equal("in_progress", (await started.EnsureSuccessStatusCode().ReadJsonAsync()).Str("status"));
        var again = await _api.Http.PostJsonAsync($"/api/v1/tasks/{task.Str("id")}/assign", $$"""{"node_id":"{{first}}"}""");
        await again.AssertProblemAsync(HttpStatusCode.Conflict, "task_not_pending");
    }
}

using System.Net;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Workflows;

/// <summary>Approval gates over HTTP: approve, reject (failing the workflow), and the automatic rejection at the deadline.</summary>
[Collection(ShortTimersCollection.Name)]
public sealed class ApprovalTests(ShortTimersFixture fixture)
{
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public async Task A_gated_task_waits_until_approved_and_the_timeline_names_who_approved()
    {
        var queue = ClawApi.NewId("gate");
        var task = await _api.SubmitAsync(queue, ""","requires_approval":true""");
        Assert.Equal("waiting_input", task.Str("status"));
        var node = await _api.RegisterNodeAsync();
        Assert.Empty(await _api.PollAsync(node, queue, wait: 1));

        var approved = await (await _api.Http.PostJsonAsync($"/api/v1/tasks/{task.Str("id")}/approve", """{"by":"alice","comment":"looks right"}""")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal("pending", approved.Str("status"));
        var lease = await _api.PollOneAsync(node, queue);
        (await _api.CompleteLeaseAsync(lease)).EnsureSuccessStatusCode();
        var events = await (await _api.Http.GetAsync($"/api/v1/tasks/{task.Str("id")}/timeline")).ReadJsonAsync();
        var approval = events.EnumerateArray().Single(e => e.Str("type") == "approved");
        Assert.Equal("by alice: looks right", approval.Str("detail"));
        await (await _api.Http.PostAsync($"/api/v1/tasks/{task.Str("id")}/approve", null)).AssertProblemAsync(HttpStatusCode.Conflict, "task_not_waiting_input");
    }

    [Fact]
    public async Task Rejecting_a_gated_step_cancels_it_and_fails_its_workflow()
    {
        var queue = ClawApi.NewId("reject");
        var response = await _api.Http.PostJsonAsync("/api/v1/workflows", $$"""
            {"name":"deploy","start":true,"queue":"{{queue}}","steps":[{"name":"plan"},{"name":"apply","depends_on":["plan"],"requires_approval":true},{"name":"notify","depends_on":["apply"]}]}
            """);
        var workflow = await response.EnsureSuccessStatusCode().ReadJsonAsync();
        var node = await _api.RegisterNodeAsync();
        (await _api.CompleteLeaseAsync(await _api.PollOneAsync(node, queue))).EnsureSuccessStatusCode();
        var apply = workflow.GetProperty("task_ids")[1].GetString()!;
        await Eventually.Until(() => StatusOrNoneAsync(apply), s => s == "waiting_input", TimeSpan.FromSeconds(10), "the gated step to wait for approval");
        Assert.Empty(await _api.PollAsync(node, queue, wait: 1));

        var rejected = await (await _api.Http.PostJsonAsync($"/api/v1/tasks/{apply}/reject", """{"by":"bob","reason":"change freeze"}""")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal("cancelled", rejected.Str("status"));
        var failed = await Eventually.Until(
            async () => await (await _api.Http.GetAsync($"/api/v1/workflows/{workflow.Str("id")}")).ReadJsonAsync(),
            w => w.Str("status") == "failed", TimeSpan.FromSeconds(10), "the workflow to fail");
        Assert.Contains("step 'apply' was cancelled", failed.Str("error"));
        Assert.Contains("change freeze", failed.Str("error"));
        Assert.Equal("skipped", failed.GetProperty("steps")[2].Str("status"));
        var timeline = await (await _api.Http.GetAsync($"/api/v1/tasks/{apply}/timeline")).ReadJsonAsync();
        Assert.Equal("by bob: change freeze", timeline.EnumerateArray().Single(e => e.Str("type") == "rejected").Str("detail"));
    }

    [Fact]
    public async Task A_gate_with_a_timeout_is_rejected_automatically_when_nobody_decides()
    {
        var task = await _api.SubmitAsync(ClawApi.NewId("timeout"), ""","requires_approval":true,"approval_timeout_seconds":1""");
        Assert.True(task.GetProperty("approval_expires_at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMilliseconds(-500));
        var ended = await Eventually.Until(() => _api.TaskAsync(task.Str("id")), t => t.Str("status") == "cancelled", TimeSpan.FromSeconds(15), "the gate to time out");
        Assert.Contains("approval timed out", ended.Str("error"));
        Assert.Contains("rejected", await _api.TimelineAsync(task.Str("id")));
        await (await _api.Http.PostAsync($"/api/v1/tasks/{task.Str("id")}/approve", null)).AssertProblemAsync(HttpStatusCode.Conflict, "task_not_waiting_input");
    }

    [Fact]
    public async Task A_timeout_without_a_gate_is_refused()
    {
        var response = await _api.Http.PostJsonAsync("/api/v1/tasks", """{"approval_timeout_seconds":5}""");
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("approval_timeout_seconds", out _));
    }

    private async Task<string> StatusOrNoneAsync(string taskId)
    {
        var response = await _api.Http.GetAsync($"/api/v1/tasks/{taskId}");
        return response.IsSuccessStatusCode ? (await response.ReadJsonAsync()).Str("status") : "none";
    }
}

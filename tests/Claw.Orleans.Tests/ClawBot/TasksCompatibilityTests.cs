using System.Net;
using System.Text.Json;
using Claw.Tests.Infrastructure;
using static Claw.Tests.ClawBot.ClawBotShapes;

namespace Claw.Tests.ClawBot;

/// <summary>
/// <c>/tasks</c> as ClawBot Coordinator clients use it: its own API tests (tests/feature/test_task_api.py) replayed over
/// HTTP against a real host, with its bodies (<c>workflow_id</c>, <c>payload</c>, <c>timeout_seconds</c>; <c>{result}</c>
/// for complete and fail) and the shapes of every answer pinned. The one deliberate difference: a state conflict is a
/// 409 with a <c>code</c> where ClawBot answers 400.
/// </summary>
[Collection(ClawBotCollection.Name)]
public sealed class TasksCompatibilityTests(GatewayFixture fixture)
{
    private readonly HttpClient _http = fixture.Client;

    [Fact]
    public async Task Create_answers_201_with_clawbots_task_fields_and_claws_beside()
    {
        var workflowId = Guid.NewGuid().ToString();
        var response = await _http.PostJsonAsync("/api/v1/tasks", $$"""{"workflow_id":"{{workflowId}}","payload":{"action":"deploy","target":"production"},"timeout_seconds":600}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var task = Has(await response.ReadJsonAsync(), TaskFields, ["queue", "priority", "attempt", "node_id", "lease_id", "correlation_id"]);
        Assert.True(Guid.TryParse(task.Str("id"), out _));
        Assert.Equal((workflowId, "pending", 600), (task.Str("workflow_id"), task.Str("status"), task.GetProperty("timeout_seconds").GetInt32()));
        Assert.Equal("deploy", task.GetProperty("payload").Str("action"));
        foreach (var unset in new[] { "bot_id", "result", "assigned_at", "started_at", "completed_at" })
        {
            Assert.Equal(JsonValueKind.Null, task.GetProperty(unset).ValueKind);
        }

        Assert.False(task.TryGetProperty("message", out _)); // only an action's answer says what it did
        Assert.Equal(task.Str("id"), Has(await GetJsonAsync($"/api/v1/tasks/{task.Str("id")}"), TaskFields).Str("id"));
    }

    [Fact]
    public async Task The_full_lifecycle_assign_start_complete_answers_each_action_with_task_id_and_message()
    {
        var bot = await RegisterBotAsync();
        var task = await CreateTaskAsync(Guid.NewGuid().ToString(), """{"action":"test"}""");
        var id = task.Str("id");

        var assigned = await ActAsync(id, "assign", $$"""{"bot_id":"{{bot}}"}""");
        Assert.Equal(("assigned", "Task assigned to bot", id), (assigned.Str("status"), assigned.Str("message"), assigned.Str("task_id")));
        var fetched = await GetJsonAsync($"/api/v1/tasks/{id}");
        Assert.Equal(bot, fetched.Str("bot_id"));
        Assert.Equal(JsonValueKind.String, fetched.GetProperty("assigned_at").ValueKind);

        var started = await ActAsync(id, "start", null);
        Assert.Equal(("in_progress", "Task started"), (started.Str("status"), started.Str("message")));
        Assert.Equal(JsonValueKind.String, started.GetProperty("started_at").ValueKind);

        var completed = await ActAsync(id, "complete", """{"result":{"output":"success","duration":5.2}}""");
        Assert.Equal(("completed", "Task completed successfully"), (completed.Str("status"), completed.Str("message")));
        var final = Has(await GetJsonAsync($"/api/v1/tasks/{id}"), TaskFields);
        Assert.Equal(("completed", "success"), (final.Str("status"), final.GetProperty("result").Str("output")));
        Assert.True(final.GetProperty("completed_at").GetDateTimeOffset() >= final.GetProperty("started_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Fail_with_clawbots_result_ends_the_task_failed_keeping_the_error_data_as_its_result()
    {
        var bot = await RegisterBotAsync();
        var id = (await CreateTaskAsync(Guid.NewGuid().ToString(), "{}")).Str("id");
        await ActAsync(id, "assign", $$"""{"bot_id":"{{bot}}"}""");
        await ActAsync(id, "start", null);

        var failed = await ActAsync(id, "fail", """{"result":{"error":"Connection timeout","code":"ERR_TIMEOUT"}}""");
        Assert.Equal(("failed", "Task marked as failed"), (failed.Str("status"), failed.Str("message")));
        var final = await GetJsonAsync($"/api/v1/tasks/{id}");
        Assert.Equal(("failed", "Connection timeout", "ERR_TIMEOUT"), (final.Str("status"), final.GetProperty("result").Str("error"), final.GetProperty("result").Str("code")));
        Assert.Equal("Connection timeout", final.Str("error"));
    }

    [Fact]
    public async Task Fail_in_claws_form_retries_by_default_and_says_so()
    {
        var bot = await RegisterBotAsync();
        var id = (await CreateTaskAsync(Guid.NewGuid().ToString(), "{}")).Str("id");
        await ActAsync(id, "assign", $$"""{"bot_id":"{{bot}}"}""");
        var retried = await ActAsync(id, "fail", """{"error":"flaky"}""");
        Assert.Equal(("pending", "Task failed; a retry is scheduled", 2), (retried.Str("status"), retried.Str("message"), retried.GetProperty("attempt").GetInt32()));
        await (await _http.PostJsonAsync($"/api/v1/tasks/{id}/fail", "{}")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Fact]
    public async Task State_conflicts_are_409_with_a_code_where_clawbot_answers_400()
    {
        var id = (await CreateTaskAsync(Guid.NewGuid().ToString(), "{}")).Str("id");
        var start = await (await _http.PostAsync($"/api/v1/tasks/{id}/start", null)).AssertProblemAsync(HttpStatusCode.Conflict, "invalid_transition");
        Assert.Contains("pending", start.Str("detail"), StringComparison.Ordinal);
        await (await _http.PostJsonAsync($"/api/v1/tasks/{id}/complete", """{"result":{"output":"done"}}""")).AssertProblemAsync(HttpStatusCode.Conflict, "invalid_transition");
    }

    [Fact]
    public async Task Cancel_answers_the_cancelled_task_with_a_message()
    {
        var id = (await CreateTaskAsync(Guid.NewGuid().ToString(), "{}")).Str("id");
        var cancelled = await ActAsync(id, "cancel", null);
        Assert.Equal(("cancelled", "Task cancelled", id), (cancelled.Str("status"), cancelled.Str("message"), cancelled.Str("task_id")));
    }

    [Fact]
    public async Task Queries_by_workflow_bot_and_pending_answer_bare_arrays()
    {
        var workflowId = Guid.NewGuid().ToString();
        var mine = new[] { (await CreateTaskAsync(workflowId, "{}")).Str("id"), (await CreateTaskAsync(workflowId, "{}")).Str("id") };
        await CreateTaskAsync(Guid.NewGuid().ToString(), "{}");
        var byWorkflow = Array(await GetJsonAsync($"/api/v1/tasks/workflow/{workflowId}"));
        Assert.Equal(mine.Order(), byWorkflow.Select(t => Has(t, TaskFields).Str("id")).Order());
        Assert.All(byWorkflow, t => Assert.Equal(workflowId, t.Str("workflow_id")));
        Assert.Equal(2, Array(await GetJsonAsync($"/api/v1/tasks/workflow/{workflowId}/")).Count);

        // ClawBot lets one bot take any number of tasks; Claw holds it to its slots (max_concurrent_tasks, default 1).
        var bot = await RegisterBotAsync(slots: 2);
        foreach (var id in mine)
        {
            await ActAsync(id, "assign", $$"""{"bot_id":"{{bot}}"}""");
        }

        var byBot = Array(await GetJsonAsync($"/api/v1/tasks/bot/{bot}"));
        Assert.Equal(mine.Order(), byBot.Select(t => t.Str("id")).Order());

        var pending = Array(await GetJsonAsync("/api/v1/tasks/status/pending"));
        Assert.InRange(pending.Count, 1, 10); // ClawBot's default limit
        Assert.All(pending, t => Assert.Equal("pending", Has(t, TaskFields).Str("status")));
        Assert.All(Array(await GetJsonAsync("/api/v1/tasks/pending?limit=100")), t => Assert.Equal("pending", t.Str("status")));
        Assert.All(Array(await GetJsonAsync("/api/v1/tasks/status/pending/?limit=3")).Select(t => t.Str("status")), s => Assert.Equal("pending", s));
        await (await _http.GetAsync("/api/v1/tasks/status/pending?limit=101")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Fact]
    public async Task The_list_is_items_total_skip_limit_and_counts_every_match()
    {
        var workflowId = Guid.NewGuid().ToString();
        for (var i = 0; i < 3; i++)
        {
            await CreateTaskAsync(workflowId, $$"""{"n":{{i}}}""");
        }

        var page = Has(await GetJsonAsync($"/api/v1/tasks?workflow_id={workflowId}&skip=1&limit=1"), ListPage);
        Assert.Equal((3L, 1, 1), (page.GetProperty("total").GetInt64(), page.GetProperty("skip").GetInt32(), page.GetProperty("limit").GetInt32()));
        var ordered = (await GetJsonAsync($"/api/v1/tasks?workflow_id={workflowId}&limit=3")).GetProperty("items").EnumerateArray().Select(t => t.Str("id")).ToList();
        Assert.Equal(ordered[1], Has(Assert.Single(page.GetProperty("items").EnumerateArray()), TaskFields).Str("id")); // tasks made in one millisecond are ordered by id
        var all = await GetJsonAsync("/api/v1/tasks");
        Assert.Equal((0, 100), (all.GetProperty("skip").GetInt32(), all.GetProperty("limit").GetInt32()));
        Assert.True(all.GetProperty("total").GetInt64() >= 3);
    }

    [Fact]
    public async Task Delete_answers_204_and_an_open_task_is_cancelled_first_freeing_its_bot()
    {
        var pending = (await CreateTaskAsync(Guid.NewGuid().ToString(), "{}")).Str("id");
        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync($"/api/v1/tasks/{pending}")).StatusCode);
        await (await _http.GetAsync($"/api/v1/tasks/{pending}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");

        var bot = await RegisterBotAsync();
        var held = (await CreateTaskAsync(Guid.NewGuid().ToString(), "{}")).Str("id");
        await ActAsync(held, "assign", $$"""{"bot_id":"{{bot}}"}""");
        Assert.Equal("busy", (await GetJsonAsync($"/api/v1/bots/{bot}")).Str("status"));
        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync($"/api/v1/tasks/{held}")).StatusCode);
        await Eventually.Until(() => GetJsonAsync($"/api/v1/bots/{bot}"), b => b.Str("status") == "online", TimeSpan.FromSeconds(10), "the bot's slot to be free");
        await (await _http.DeleteAsync($"/api/v1/tasks/{held}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    private async Task<string> RegisterBotAsync(int slots = 1)
    {
        var response = await _http.PostJsonAsync("/api/v1/bots", $$"""{"name":"test-bot","capabilities":["python","docker"],"max_concurrent_tasks":{{slots}}}""");
        return (await response.EnsureSuccessStatusCode().ReadJsonAsync()).Str("id");
    }

    private async Task<JsonElement> CreateTaskAsync(string workflowId, string payload)
    {
        var response = await _http.PostJsonAsync("/api/v1/tasks", $$"""{"workflow_id":"{{workflowId}}","payload":{{payload}}}""");
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    /// <summary>An action, as ClawBot clients call it; its answer is ClawBot's <c>{task_id, status, message}</c> within the task.</summary>
    private async Task<JsonElement> ActAsync(string id, string action, string? body)
    {
        var response = body is null ? await _http.PostAsync($"/api/v1/tasks/{id}/{action}", null) : await _http.PostJsonAsync($"/api/v1/tasks/{id}/{action}", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return Has(await response.ReadJsonAsync(), TaskStatusUpdate, TaskFields);
    }

    private async Task<JsonElement> GetJsonAsync(string path) => await (await _http.GetAsync(path)).EnsureSuccessStatusCode().ReadJsonAsync();
}

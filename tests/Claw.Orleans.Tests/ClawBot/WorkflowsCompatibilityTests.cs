using System.Net;
using System.Text.Json;
using Claw.Tests.Infrastructure;
using static Claw.Tests.ClawBot.ClawBotShapes;

namespace Claw.Tests.ClawBot;

/// <summary>
/// <c>/workflows</c> as ClawBot Coordinator clients use it: its own API tests (tests/feature/test_workflow_api.py)
/// replayed over HTTP against a real host, the shapes pinned, and the contract's one change to its behaviour: a step
/// runs after the one before it, so a step whose dependencies have not completed is <c>waiting</c> (ClawBot: pending)
/// and cannot be assigned yet.
/// </summary>
[Collection(ClawBotCollection.Name)]
public sealed class WorkflowsCompatibilityTests(GatewayFixture fixture)
{
    private readonly HttpClient _http = fixture.Client;

    [Fact]
    public async Task A_workflow_without_tasks_is_created_with_clawbots_fields_and_defaults()
    {
        var created = Has(await CreateAsync("""{"name":"Test Workflow","description":"A test workflow"}"""), WorkflowFields, ["steps", "correlation_id"]);
        Assert.True(Guid.TryParse(created.Str("id"), out _));
        Assert.Equal(("Test Workflow", "A test workflow", "pending"), (created.Str("name"), created.Str("description"), created.Str("status")));
        Assert.Empty(created.GetProperty("task_ids").EnumerateArray());

        var plain = await CreateAsync("""{"name":"Test"}""");
        Assert.Equal("", plain.Str("description"));
        Assert.Equal(JsonValueKind.Object, plain.GetProperty("metadata").ValueKind);
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("started_at").ValueKind);
        await (await _http.PostJsonAsync("/api/v1/workflows", """{"name":""}""")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Fact]
    public async Task Every_task_exists_from_creation_and_a_step_waits_for_the_one_before_it()
    {
        var created = await CreateAsync("""
            {"name":"CI/CD Pipeline","description":"Full deployment pipeline","metadata":{"project":"clawbot","version":"1.0"},
             "task_payloads":[{"action":"build","dockerfile":"Dockerfile"},{"action":"test","suite":"all"},{"action":"deploy","env":"production"}]}
            """);
        Assert.Equal("clawbot", created.GetProperty("metadata").Str("project"));
        var taskIds = created.GetProperty("task_ids").EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.Equal(3, taskIds.Count);
        var statuses = new List<string>();
        foreach (var taskId in taskIds)
        {
            var task = Has(await GetJsonAsync($"/api/v1/tasks/{taskId}"), TaskFields);
            Assert.Equal(created.Str("id"), task.Str("workflow_id"));
            statuses.Add(task.Str("status"));
        }

        Assert.Equal(["pending", "waiting", "waiting"], statuses); // ClawBot: all pending, with no order among them

        var withTasks = await GetJsonAsync($"/api/v1/workflows/{created.Str("id")}/tasks");
        Assert.Equal(created.Str("id"), Has(withTasks.GetProperty("workflow"), WorkflowFields).Str("id"));
        Assert.Equal(taskIds, withTasks.GetProperty("tasks").EnumerateArray().Select(t => Has(t, TaskFields).Str("id")));
        Assert.Equal(taskIds.Order(), Array(await GetJsonAsync($"/api/v1/tasks/workflow/{created.Str("id")}")).Select(t => t.Str("id")).Order()); // oldest first; the steps' tasks are created together
    }

    [Fact]
    public async Task Clawbot_clients_assign_its_steps_by_hand_in_order_before_or_without_starting_it()
    {
        var created = await CreateAsync("""{"name":"by hand","task_payloads":[{"action":"build"},{"action":"deploy"}]}""");
        var (first, second) = (created.GetProperty("task_ids")[0].GetString()!, created.GetProperty("task_ids")[1].GetString()!);
        var bot = (await (await _http.PostJsonAsync("/api/v1/bots", """{"name":"builder","capabilities":["build"]}""")).EnsureSuccessStatusCode().ReadJsonAsync()).Str("id");

        var early = await (await _http.PostJsonAsync($"/api/v1/tasks/{second}/assign", $$"""{"bot_id":"{{bot}}"}""")).AssertProblemAsync(HttpStatusCode.Conflict, "dependencies_pending");
        Assert.Contains("dependencies", early.Str("detail"), StringComparison.Ordinal);
        (await _http.PostJsonAsync($"/api/v1/tasks/{first}/assign", $$"""{"bot_id":"{{bot}}"}""")).EnsureSuccessStatusCode();
        (await _http.PostAsync($"/api/v1/tasks/{first}/start", null)).EnsureSuccessStatusCode();
        (await _http.PostJsonAsync($"/api/v1/tasks/{first}/complete", """{"result":{"image":"sha256:abc"}}""")).EnsureSuccessStatusCode();

        var opened = await Eventually.Until(() => GetJsonAsync($"/api/v1/tasks/{second}"), t => t.Str("status") == "pending", TimeSpan.FromSeconds(10), "the next step to be opened");
        Assert.Equal("deploy", opened.GetProperty("payload").Str("action")); // the ClawBot form hands payloads over unchanged
        var assigned = await (await _http.PostJsonAsync($"/api/v1/tasks/{second}/assign", $$"""{"bot_id":"{{bot}}"}""")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal("assigned", assigned.Str("status"));
        Assert.Equal("pending", (await GetJsonAsync($"/api/v1/workflows/{created.Str("id")}")).Str("status")); // never started
    }

    [Fact]
    public async Task The_list_is_a_bare_array_and_start_answers_the_workflow()
    {
        await CreateAsync("""{"name":"Workflow 1"}""");
        var second = await CreateAsync("""{"name":"Workflow 2"}""");
        var all = Array(await GetJsonAsync("/api/v1/workflows"));
        Assert.True(all.Count >= 2);
        Assert.All(all, w => Has(w, WorkflowFields));
        Assert.Single(Array(await GetJsonAsync("/api/v1/workflows?skip=0&limit=1")));

        var started = Has(await (await _http.PostAsync($"/api/v1/workflows/{second.Str("id")}/start", null)).EnsureSuccessStatusCode().ReadJsonAsync(), WorkflowFields);
        Assert.Equal("in_progress", started.Str("status"));
        Assert.Equal(JsonValueKind.String, started.GetProperty("started_at").ValueKind);
        Assert.Equal("in_progress", (await GetJsonAsync($"/api/v1/workflows/{second.Str("id")}")).Str("status")); // nothing to complete it, as in ClawBot
        await (await _http.PostAsync($"/api/v1/workflows/{second.Str("id")}/start", null)).AssertProblemAsync(HttpStatusCode.Conflict, "invalid_transition");
    }

    [Fact]
    public async Task Delete_answers_204_cancelling_a_workflow_that_had_not_ended()
    {
        var idle = await CreateAsync("""{"name":"To Delete"}""");
        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync($"/api/v1/workflows/{idle.Str("id")}")).StatusCode);
        await (await _http.GetAsync($"/api/v1/workflows/{idle.Str("id")}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");

        var running = await CreateAsync("""{"name":"running","start":true,"task_payloads":[{"n":1},{"n":2}]}""");
        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync($"/api/v1/workflows/{running.Str("id")}")).StatusCode);
        foreach (var taskId in running.GetProperty("task_ids").EnumerateArray())
        {
            Assert.Equal("cancelled", (await GetJsonAsync($"/api/v1/tasks/{taskId.GetString()}")).Str("status"));
        }
    }

    private async Task<JsonElement> CreateAsync(string body)
    {
        var response = await _http.PostJsonAsync("/api/v1/workflows", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private async Task<JsonElement> GetJsonAsync(string path) => await (await _http.GetAsync(path)).EnsureSuccessStatusCode().ReadJsonAsync();
}

using System.Net;
using System.Text.Json;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Workflows;

/// <summary>Workflows end to end over HTTP: the ClawBot sequential form, DAGs, failure, cancel, and the step trace.</summary>
[Collection(ShortTimersCollection.Name)]
public sealed class WorkflowTests(ShortTimersFixture fixture)
{
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public async Task The_clawbot_form_runs_its_payloads_one_after_another_and_lists_its_tasks_in_order()
    {
        var queue = ClawApi.NewId("wf");
        var created = await CreateAsync($$"""{"name":"nightly","description":"three steps","metadata":{"team":"a"},"task_payloads":[{"n":1},{"n":2},{"n":3}],"queue":"{{queue}}"}""");
        Assert.Equal("pending", created.Str("status"));
        Assert.Equal(3, created.GetProperty("task_ids").GetArrayLength());
        Assert.True(created.TryGetProperty("created_at", out _));
        var before = (await TasksOfAsync(created.Str("id"))).GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal(["pending", "waiting", "waiting"], before.Select(t => t.Str("status"))); // every task exists from creation
        var node = await _api.RegisterNodeAsync(slots: 3);
        Assert.Empty(await _api.PollAsync(node, queue, max: 3, wait: 1)); // not started: held for hand assignment

        var started = await (await _api.Http.PostAsync($"/api/v1/workflows/{created.Str("id")}/start", null)).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal("in_progress", started.Str("status"));
        for (var n = 1; n <= 3; n++)
        {
            var leases = await _api.PollAsync(node, queue, max: 3, wait: 5);
            var lease = Assert.Single(leases); // never two steps of the chain at once
            Assert.Equal(n, lease.GetProperty("task_payload").GetProperty("n").GetInt32());
            Assert.False(lease.GetProperty("task_payload").TryGetProperty("inputs", out _), "the ClawBot form hands payloads over unchanged");
            (await _api.CompleteLeaseAsync(lease, $$"""{"step":{{n}}}""")).EnsureSuccessStatusCode();
        }

        var done = await WaitForStatusAsync(created.Str("id"), "completed");
        var view = await TasksOfAsync(created.Str("id"));
        Assert.Equal("completed", view.GetProperty("workflow").Str("status"));
        var tasks = view.GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal(created.GetProperty("task_ids").EnumerateArray().Select(t => t.GetString()), tasks.Select(t => t.Str("id")));
        Assert.Equal([1, 2, 3], tasks.Select(t => t.GetProperty("result").GetProperty("step").GetInt32()));
        Assert.All(tasks, t => Assert.Equal(created.Str("id"), t.Str("workflow_id")));
        Assert.All(done.GetProperty("steps").EnumerateArray(), s => Assert.True(s.GetProperty("duration_ms").GetInt64() >= 0));
    }

    [Fact]
    public async Task A_workflow_refused_by_a_full_queue_leaves_no_live_step_task_behind()
    {
        var (free, full) = (ClawApi.NewId("wf-free"), ClawApi.NewId("wf-full"));
        (await _api.Http.PutAsync($"/api/v1/queues/{full}", HttpAssertions.Json("""{"max_pending":10}"""))).EnsureSuccessStatusCode();
        for (var i = 0; i < 8; i++)
        {
            await _api.SubmitAsync(full); // normal priority fills 80 % of max_pending
        }

        var refused = await _api.Http.PostJsonAsync("/api/v1/workflows", $$"""
            {"name":"half","steps":[{"name":"a","queue":"{{free}}"},{"name":"b","queue":"{{full}}"}]}
            """);
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "queue_full");
        var left = (await (await _api.Http.GetAsync($"/api/v1/tasks?queue={free}&limit=10")).EnsureSuccessStatusCode().ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.All(left, t => Assert.Equal("cancelled", t.Str("status")));
        Assert.Equal(8, (await (await _api.Http.GetAsync($"/api/v1/tasks?queue={full}&limit=1")).EnsureSuccessStatusCode().ReadJsonAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_diamond_dag_runs_independent_steps_in_parallel_hands_results_on_and_survives_a_retry_in_the_middle()
    {
        var queue = ClawApi.NewId("dag");
        var retry = ""","max_retries":2,"retry_backoff":{"initial_seconds":0}""";
        var created = await CreateAsync($$"""
            {"name":"build","start":true,"queue":"{{queue}}","steps":[
              {"name":"fetch","payload":{"repo":"x"} },
              {"name":"parse"{{retry}},"depends_on":["fetch"]},
              {"name":"lint","depends_on":["fetch"]},
              {"name":"merge","depends_on":["parse","lint"]},
              {"name":"report","depends_on":["merge"]}]}
            """);
        var id = created.Str("id");
        var node = await _api.RegisterNodeAsync(slots: 4);

        var fetch = await _api.PollOneAsync(node, queue);
        Assert.Equal("x", fetch.GetProperty("task_payload").GetProperty("repo").GetString());
        (await _api.CompleteLeaseAsync(fetch, """{"files":3}""")).EnsureSuccessStatusCode();

        // parse and lint are created together and leased side by side.
        var both = await PollUntilAsync(node, queue, 2);
        var parse = both.Single(l => l.Str("task_id") == StepTask(created, 1));
        var lint = both.Single(l => l.Str("task_id") == StepTask(created, 2));
        Assert.Equal(3, parse.GetProperty("task_payload").GetProperty("inputs").GetProperty("fetch").GetProperty("files").GetInt32());
        (await _api.Http.PostJsonAsync($"/api/v1/leases/{parse.Str("lease_id")}/fail", $$"""{"token":"{{parse.Str("lease_token")}}","error":"flaky parser"}""")).EnsureSuccessStatusCode();
        (await _api.CompleteLeaseAsync(lint, """{"warnings":0}""")).EnsureSuccessStatusCode();
        Assert.Equal("waiting", (await GetAsync(id)).GetProperty("steps")[3].Str("status")); // merge waits for the retried parse

        var parseAgain = await _api.PollOneAsync(node, queue);
        Assert.Equal(parse.Str("task_id"), parseAgain.Str("task_id"));
        Assert.Equal(2, parseAgain.GetProperty("attempt").GetInt32());
        (await _api.CompleteLeaseAsync(parseAgain, """{"ast":"ok"}""")).EnsureSuccessStatusCode();

        var merge = await _api.PollOneAsync(node, queue);
        var inputs = merge.GetProperty("task_payload").GetProperty("inputs");
        Assert.Equal("ok", inputs.GetProperty("parse").GetProperty("ast").GetString());
        Assert.Equal(0, inputs.GetProperty("lint").GetProperty("warnings").GetInt32());
        (await _api.CompleteLeaseAsync(merge, """{"merged":true}""")).EnsureSuccessStatusCode();
        var report = await _api.PollOneAsync(node, queue);
        Assert.True(report.GetProperty("task_payload").GetProperty("inputs").GetProperty("merge").GetProperty("merged").GetBoolean());
        (await _api.CompleteLeaseAsync(report, """{"sent":true}""")).EnsureSuccessStatusCode();

        var done = await WaitForStatusAsync(id, "completed");
        var steps = done.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(["fetch", "parse", "lint", "merge", "report"], steps.Select(x => x.Str("name")));
        Assert.Equal([1, 2, 3, 4, 5], steps.Select(x => x.GetProperty("order").GetInt32()));
        Assert.All(steps, x => Assert.Equal("completed", x.Str("status")));
        Assert.Equal([1, 2, 1, 1, 1], steps.Select(x => x.GetProperty("attempt").GetInt32()));
        Assert.All(steps, x => Assert.True(x.GetProperty("finished_at").GetDateTimeOffset() >= x.GetProperty("started_at").GetDateTimeOffset()));
        Assert.All(steps, x => Assert.True(x.GetProperty("duration_ms").GetInt64() >= 0));
        Assert.Contains("retry_scheduled", await _api.TimelineAsync(parse.Str("task_id")));
    }

    [Fact]
    public async Task A_step_that_fails_for_good_fails_the_workflow_cancels_its_running_sibling_and_skips_the_rest()
    {
        var queue = ClawApi.NewId("fail");
        var created = await CreateAsync($$"""
            {"name":"f","start":true,"queue":"{{queue}}","steps":[
              {"name":"a","max_retries":0},{"name":"b"},{"name":"c","depends_on":["a","b"]}]}
            """);
        var node = await _api.RegisterNodeAsync(slots: 2);
        var leases = await PollUntilAsync(node, queue, 2);
        var a = leases.Single(l => l.Str("task_id") == StepTask(created, 0));
        var b = leases.Single(l => l.Str("task_id") == StepTask(created, 1));

        (await _api.Http.PostJsonAsync($"/api/v1/leases/{a.Str("lease_id")}/fail", $$"""{"token":"{{a.Str("lease_token")}}","error":"disk full","retriable":false}""")).EnsureSuccessStatusCode();

        var failed = await WaitForStatusAsync(created.Str("id"), "failed");
        Assert.Contains("step 'a' failed", failed.Str("error"));
        await Eventually.Until(() => _api.StatusAsync(b.Str("task_id")), s => s == "cancelled", TimeSpan.FromSeconds(10), "the running sibling to be cancelled");
        await (await _api.CompleteLeaseAsync(b)).AssertProblemAsync(HttpStatusCode.Conflict, "lease_revoked");
        var steps = (await WaitForStepAsync(created.Str("id"), 1, "cancelled")).GetProperty("steps");
        Assert.Equal("failed", steps[0].Str("status"));
        Assert.Equal("skipped", steps[2].Str("status"));
        Assert.Equal("cancelled", await _api.StatusAsync(StepTask(created, 2))); // it never ran, and never will
    }

    [Fact]
    public async Task Cancel_cascades_to_leased_step_tasks_and_their_holders_are_refused()
    {
        var queue = ClawApi.NewId("cancel");
        var created = await CreateAsync($$"""{"name":"c","start":true,"queue":"{{queue}}","steps":[{"name":"a"},{"name":"b","depends_on":["a"]}]}""");
        var node = await _api.RegisterNodeAsync();
        var a = await _api.PollOneAsync(node, queue);

        var cancelled = await (await _api.Http.PostJsonAsync($"/api/v1/workflows/{created.Str("id")}/cancel", """{"reason":"operator"}""")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal("cancelled", cancelled.Str("status"));
        Assert.Equal("cancelled", await _api.StatusAsync(a.Str("task_id")));
        await (await _api.CompleteLeaseAsync(a)).AssertProblemAsync(HttpStatusCode.Conflict, "lease_revoked");
        await (await _api.Http.PostAsync($"/api/v1/workflows/{created.Str("id")}/cancel", null)).AssertProblemAsync(HttpStatusCode.Conflict, "invalid_transition");
        await (await _api.Http.PostAsync($"/api/v1/workflows/{created.Str("id")}/start", null)).AssertProblemAsync(HttpStatusCode.Conflict, "invalid_transition");
        Assert.Equal(HttpStatusCode.NoContent, (await _api.Http.DeleteAsync($"/api/v1/workflows/{created.Str("id")}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Http.GetAsync($"/api/v1/workflows/{created.Str("id")}")).StatusCode);
    }

    [Theory]
    [InlineData("""{"name":"cycle","steps":[{"name":"a","depends_on":["c"]},{"name":"b","depends_on":["a"]},{"name":"c","depends_on":["b"]}]}""", "steps")]
    [InlineData("""{"name":"unknown","steps":[{"name":"a"},{"name":"b","depends_on":["nope"]}]}""", "steps[1].depends_on")]
    [InlineData("""{"name":"dup","steps":[{"name":"a"},{"name":"a"}]}""", "steps[1].name")]
    [InlineData("""{"name":"self","steps":[{"name":"a","depends_on":["a"]}]}""", "steps[0].depends_on")]
    [InlineData("""{"name":"both","task_payloads":[{}],"steps":[{"name":"a"}]}""", "steps")]
    [InlineData("""{"name":"bad step","steps":[{"name":"a","timeout_seconds":0}]}""", "steps[0].timeout_seconds")]
    public async Task Invalid_graphs_are_refused_with_the_field_named_and_nothing_is_created(string body, string field)
    {
        var before = (await ListAsync()).Count;
        var problem = await (await _api.Http.PostJsonAsync("/api/v1/workflows", body)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, (await ListAsync()).Count);
    }

    [Fact]
    public async Task Idempotency_key_replays_the_workflow_and_lists_page_with_a_cursor()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/workflows") { Content = HttpAssertions.Json("""{"name":"once","task_payloads":[{}]}""") };
        request.Headers.Add("Idempotency-Key", ClawApi.NewId("key"));
        var first = await _api.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using var again = new HttpRequestMessage(HttpMethod.Post, "/api/v1/workflows") { Content = HttpAssertions.Json("""{"name":"once","task_payloads":[{}]}""") };
        again.Headers.Add("Idempotency-Key", request.Headers.GetValues("Idempotency-Key").Single());
        var replay = await _api.Http.SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal((await first.ReadJsonAsync()).Str("id"), (await replay.ReadJsonAsync()).Str("id"));

        await CreateAsync("""{"name":"two","task_payloads":[{}]}""");
        var bare = await (await _api.Http.GetAsync("/api/v1/workflows?limit=1&status=pending")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal(1, bare.GetArrayLength()); // ClawBot's form without a cursor; an empty cursor starts Claw's paging
        var page = await (await _api.Http.GetAsync("/api/v1/workflows?limit=1&status=pending&cursor=")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Single(page.GetProperty("items").EnumerateArray());
        var next = await (await _api.Http.GetAsync($"/api/v1/workflows?limit=1&status=pending&cursor={page.Str("next_cursor")}")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.NotEqual(page.GetProperty("items")[0].Str("id"), next.GetProperty("items")[0].Str("id"));
        await (await _api.Http.GetAsync("/api/v1/workflows?status=nope")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    private static string StepTask(JsonElement workflow, int index) => workflow.GetProperty("task_ids")[index].GetString()!;

    private async Task<JsonElement> CreateAsync(string body)
    {
        var response = await _api.Http.PostJsonAsync("/api/v1/workflows", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private async Task<JsonElement> GetAsync(string id) => await (await _api.Http.GetAsync($"/api/v1/workflows/{id}")).EnsureSuccessStatusCode().ReadJsonAsync();

    private async Task<JsonElement> TasksOfAsync(string id) => await (await _api.Http.GetAsync($"/api/v1/workflows/{id}/tasks")).EnsureSuccessStatusCode().ReadJsonAsync();

    private async Task<List<JsonElement>> ListAsync()
    {
        var all = (await (await _api.Http.GetAsync("/api/v1/workflows?limit=1000")).EnsureSuccessStatusCode().ReadJsonAsync()).EnumerateArray().ToList();
        Assert.True(all.Count < 1000, "more workflows than one bare list shows: the count could not change");
        return all;
    }

    private Task<JsonElement> WaitForStatusAsync(string id, string status) =>
        Eventually.Until(() => GetAsync(id), w => w.Str("status") == status, TimeSpan.FromSeconds(20), $"workflow {id} to be {status}");

    private Task<JsonElement> WaitForStepAsync(string id, int step, string status) =>
        Eventually.Until(() => GetAsync(id), w => w.GetProperty("steps")[step].Str("status") == status, TimeSpan.FromSeconds(20), $"step {step} to be {status}");

    /// <summary>Polls until <paramref name="count"/> leases are collected (steps are created a moment after their dependency ends).</summary>
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

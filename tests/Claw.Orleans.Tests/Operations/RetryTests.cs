using System.Net;
using System.Text.Json;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Operations;

/// <summary>
/// Retries and dead letters over the real host: a failed task run again by hand (alone or in bulk by queue), refusals
/// for tasks that have not failed, and <c>error_code</c>s that categorise each failure and end a task at once when the
/// task lists the code as non-retriable, reported over HTTP and over the WebSocket control channel alike.
/// </summary>
[Collection(OperationsCollection.Name)]
public sealed class RetryTests(OperationsFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private const string Immediate = ""","retry_backoff":{"initial_seconds":0,"jitter":0}""";
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public async Task A_failed_task_retried_by_hand_is_pending_as_a_new_attempt_with_a_retried_event()
    {
        var queue = ClawApi.NewId("rt");
        var node = await _api.RegisterNodeAsync();
        var taskId = await FailForGoodAsync(queue, node);
        var failed = await _api.TaskAsync(taskId);
        Assert.Equal(("failed", 1), (failed.Str("status"), failed.GetProperty("attempt").GetInt32()));

        var response = await _api.Http.PostJsonAsync($"/api/v1/tasks/{taskId}/retry", """{"reason":"the database is back"}""");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var retried = await response.ReadJsonAsync();
        Assert.Equal(("pending", 2), (retried.Str("status"), retried.GetProperty("attempt").GetInt32()));
        Assert.Equal(JsonValueKind.Null, retried.GetProperty("error").ValueKind);

        var retriedEvent = (await TimelineAsync(taskId)).Single(e => e.Str("type") == "retried");
        Assert.Contains("the database is back", retriedEvent.Str("detail"), StringComparison.Ordinal);
        var lease = await _api.PollOneAsync(node, queue);
        Assert.Equal((taskId, 2), (lease.Str("task_id"), lease.GetProperty("attempt").GetInt32()));
        (await _api.CompleteLeaseAsync(lease)).EnsureSuccessStatusCode();
        Assert.Equal("completed", await _api.StatusAsync(taskId));
    }

    [Fact]
    public async Task Retrying_a_completed_or_a_pending_task_is_a_conflict_with_a_code_and_changes_nothing()
    {
        var queue = ClawApi.NewId("rt");
        var node = await _api.RegisterNodeAsync();
        var done = (await _api.SubmitAsync(queue)).Str("id");
        (await _api.CompleteLeaseAsync(await _api.PollOneAsync(node, queue))).EnsureSuccessStatusCode();
        var pending = (await _api.SubmitAsync(ClawApi.NewId("rt"))).Str("id");

        await (await _api.Http.PostAsync($"/api/v1/tasks/{done}/retry", null)).AssertProblemAsync(HttpStatusCode.Conflict, "invalid_transition");
        await (await _api.Http.PostJsonAsync($"/api/v1/tasks/{pending}/retry", "{}")).AssertProblemAsync(HttpStatusCode.Conflict, "invalid_transition");
        Assert.Equal("completed", await _api.StatusAsync(done));
        Assert.Equal("pending", await _api.StatusAsync(pending));
        Assert.DoesNotContain("retried", await _api.TimelineAsync(done));
        await (await _api.Http.PostAsync("/api/v1/tasks/no-such-task-here/retry", null)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_bulk_retry_by_queue_moves_exactly_that_queue_s_failed_tasks_oldest_first_within_its_limit()
    {
        var (queue, other) = (ClawApi.NewId("bulk"), ClawApi.NewId("bulk"));
        var node = await _api.RegisterNodeAsync();
        var failed = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            failed.Add(await FailForGoodAsync(queue, node));
        }

        var elsewhere = await FailForGoodAsync(other, node);
        var done = (await _api.SubmitAsync(queue)).Str("id");
        (await _api.CompleteLeaseAsync(await _api.PollOneAsync(node, queue))).EnsureSuccessStatusCode();
        var pending = (await _api.SubmitAsync(queue, ""","dispatch":"manual" """)).Str("id");

        var first = await BulkRetryAsync($$"""{"queue":"{{queue}}","limit":2,"reason":"bulk"}""");
        Assert.Equal((2, 2), (first.GetProperty("retried").GetInt32(), first.GetProperty("matched").GetInt32()));
        Assert.Equal(["pending", "pending", "failed"], await StatusesAsync(failed)); // the oldest failures first

        var rest = await BulkRetryAsync($$"""{"queue":"{{queue}}"}""");
        Assert.Equal((1, 1), (rest.GetProperty("retried").GetInt32(), rest.GetProperty("matched").GetInt32()));
        Assert.Equal(["pending", "pending", "pending"], await StatusesAsync(failed));
        Assert.Equal(["failed", "completed", "pending"], await StatusesAsync([elsewhere, done, pending]));
        foreach (var id in failed)
        {
            Assert.Contains("retried", await _api.TimelineAsync(id));
        }

        var none = await BulkRetryAsync($$"""{"queue":"{{queue}}"}""");
        Assert.Equal((0, 0), (none.GetProperty("retried").GetInt32(), none.GetProperty("matched").GetInt32()));
        await (await _api.Http.PostJsonAsync("/api/v1/tasks/retry", """{"limit":0}""")).AssertInvalidAsync("limit");
    }

    [Fact]
    public async Task An_error_code_shows_on_the_task_and_its_timeline_with_its_category()
    {
        var queue = ClawApi.NewId("ec");
        var node = await _api.RegisterNodeAsync();
        var taskId = (await _api.SubmitAsync(queue, Immediate + ""","max_retries":1""")).Str("id");

        await FailLeaseAsync(await _api.PollOneAsync(node, queue), "upstream.timeout", retriable: true);
        var retry = await _api.PollOneAsync(node, queue, wait: 10);
        Assert.Equal(2, retry.GetProperty("attempt").GetInt32());
        await FailLeaseAsync(retry, "upstream.refused", retriable: false);

        var task = await _api.TaskAsync(taskId);
        Assert.Equal(("failed", "upstream.refused"), (task.Str("status"), task.Str("error_code")));
        var failures = (await TimelineAsync(taskId)).Where(e => e.Str("type") == "failed").ToList();
        Assert.Equal([("upstream.timeout", "retriable", 1), ("upstream.refused", "permanent", 2)], failures.Select(e => (e.Str("error_code"), e.Str("category"), e.GetProperty("attempt").GetInt32())));
    }

    [Fact]
    public async Task A_code_listed_as_non_retriable_fails_the_task_at_once_while_another_code_retries()
    {
        var queue = ClawApi.NewId("nr");
        var node = await _api.RegisterNodeAsync();
        const string Codes = Immediate + ""","max_retries":3,"non_retriable_codes":["auth.invalid","quota.gone"]""";
        var fatal = (await _api.SubmitAsync(queue, Codes)).Str("id");
        await FailLeaseAsync(await _api.PollOneAsync(node, queue), "quota.gone", retriable: true);
        var ended = await _api.TaskAsync(fatal);
        Assert.Equal(("failed", 1, "quota.gone"), (ended.Str("status"), ended.GetProperty("attempt").GetInt32(), ended.Str("error_code")));
        Assert.DoesNotContain("retry_scheduled", await _api.TimelineAsync(fatal));
        Assert.Equal("permanent", (await TimelineAsync(fatal)).Single(e => e.Str("type") == "failed").Str("category"));

        var flaky = (await _api.SubmitAsync(queue, Codes)).Str("id");
        await FailLeaseAsync(await _api.PollOneAsync(node, queue), "upstream.timeout", retriable: true);
        Assert.Contains("retry_scheduled", await _api.TimelineAsync(flaky));
        var again = await _api.PollOneAsync(node, queue, wait: 10);
        Assert.Equal((flaky, 2), (again.Str("task_id"), again.GetProperty("attempt").GetInt32()));
    }

    [Fact]
    public async Task A_socket_task_failed_frame_with_an_error_code_is_categorised_the_same_way()
    {
        var queue = ClawApi.NewId("wsf");
        var bot = await _api.RegisterNodeAsync();
        await using var ws = await WsClient.ConnectAsync(fixture.Host.BaseAddress, bot, $"&queues={queue}");
        await ws.ExpectAsync("connected");
        const string Codes = Immediate + ""","max_retries":3,"non_retriable_codes":["auth.invalid"]""";

        var flaky = (await _api.SubmitAsync(queue, Codes)).Str("id");
        Assert.Equal(flaky, (await ws.ExpectAsync("task_assigned")).GetProperty("payload").Str("task_id"));
        await ws.SendAsync("task_failed", new { task_id = flaky, error = "slow upstream", error_code = "upstream.timeout" });
        var second = (await ws.ExpectAsync("task_assigned")).GetProperty("payload");
        Assert.Equal((flaky, 2), (second.Str("task_id"), second.GetProperty("attempt").GetInt32()));
        await ws.SendAsync("task_failed", new { task_id = flaky, error = "bad credentials", error_code = "auth.invalid" });

        var task = await Eventually.Until(() => _api.TaskAsync(flaky), t => t.Str("status") == "failed", Wait, "the non-retriable code to end the task");
        Assert.Equal(("auth.invalid", 2), (task.Str("error_code"), task.GetProperty("attempt").GetInt32()));
        var failures = (await TimelineAsync(flaky)).Where(e => e.Str("type") == "failed").ToList();
        Assert.Equal([("upstream.timeout", "retriable"), ("auth.invalid", "permanent")], failures.Select(e => (e.Str("error_code"), e.Str("category"))));
    }

    /// <summary>A task in <paramref name="queue"/> leased by <paramref name="node"/> and failed with <c>retriable: false</c>.</summary>
    private async Task<string> FailForGoodAsync(string queue, string node)
    {
        var taskId = (await _api.SubmitAsync(queue)).Str("id");
        var lease = await _api.PollOneAsync(node, queue);
        Assert.Equal(taskId, lease.Str("task_id"));
        await FailLeaseAsync(lease, "broken.input", retriable: false);
        return taskId;
    }

    private async Task FailLeaseAsync(JsonElement lease, string errorCode, bool retriable)
    {
        var body = $$"""{"token":"{{lease.Str("lease_token")}}","error":"it broke ({{errorCode}})","error_code":"{{errorCode}}","retriable":{{(retriable ? "true" : "false")}}}""";
        var response = await _api.Http.PostJsonAsync($"/api/v1/leases/{lease.Str("lease_id")}/fail", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> BulkRetryAsync(string body)
    {
        var response = await _api.Http.PostJsonAsync("/api/v1/tasks/retry", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private async Task<List<string>> StatusesAsync(IEnumerable<string> ids)
    {
        var statuses = new List<string>();
        foreach (var id in ids)
        {
            statuses.Add(await _api.StatusAsync(id));
        }

        return statuses;
    }

    private async Task<List<JsonElement>> TimelineAsync(string taskId) =>
        [.. (await (await _api.Http.GetAsync($"/api/v1/tasks/{taskId}/timeline")).EnsureSuccessStatusCode().ReadJsonAsync()).EnumerateArray()];
}

using System.Net;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Core;

[Collection(GatewayCollection.Name)]
public sealed class LeaseTests(GatewayFixture fixture)
{
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public async Task Complete_through_the_lease_and_a_duplicate_is_a_no_op_counted_once()
    {
        var queue = ClawApi.NewId("q");
        var task = await _api.SubmitAsync(queue);
        var node = await _api.RegisterNodeAsync();
        var assignment = await _api.PollOneAsync(node, queue, wait: 0);

        var done = await (await _api.CompleteLeaseAsync(assignment, """{"answer":42}""")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal("completed", done.Str("status"));
        Assert.Equal(42, done.GetProperty("result").GetProperty("answer").GetInt32());

        var duplicate = await _api.CompleteLeaseAsync(assignment, """{"answer":42}""");
        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        var different = await _api.CompleteLeaseAsync(assignment, """{"answer":43}""");
        await different.AssertProblemAsync(HttpStatusCode.Conflict, "invalid_transition");

        Assert.Single(await _api.TimelineAsync(task.Str("id")), e => e == "completed");
        var lease = await (await _api.Http.GetAsync($"/api/v1/leases/{assignment.Str("lease_id")}")).ReadJsonAsync();
        Assert.Equal("completed", lease.Str("status"));
        await Eventually.Until(async () => (await (await _api.Http.GetAsync($"/api/v1/nodes/{node}")).ReadJsonAsync()).GetProperty("completed_count").GetInt64(),
            c => c == 1, TimeSpan.FromSeconds(5), "the node's completed count");
    }

    [Fact]
    public async Task An_expired_lease_requeues_the_task_and_the_late_result_is_refused()
    {
        var queue = ClawApi.NewId("q");
        var task = await _api.SubmitAsync(queue, ""","timeout_seconds":1,"retry_backoff":{"initial_seconds":0}""");
        var zombie = await _api.RegisterNodeAsync();
        var first = await _api.PollOneAsync(zombie, queue, wait: 0);

        var requeued = await Eventually.Until(() => _api.TaskAsync(task.Str("id")), t => t.Str("status") == "pending", TimeSpan.FromSeconds(10), "the lease to expire");
        Assert.Equal(2, requeued.GetProperty("attempt").GetInt32());
        await (await _api.CompleteLeaseAsync(first)).AssertProblemAsync(HttpStatusCode.Conflict, "lease_expired");

        var successor = await _api.RegisterNodeAsync();
        var second = await _api.PollOneAsync(successor, queue, wait: 5);
        Assert.Equal(2, second.GetProperty("attempt").GetInt32());
        await (await _api.CompleteLeaseAsync(first)).AssertProblemAsync(HttpStatusCode.Conflict, "stale_lease");
        (await _api.CompleteLeaseAsync(second, """{"by":"successor"}""")).EnsureSuccessStatusCode();

        var final = await _api.TaskAsync(task.Str("id"));
        Assert.Equal("successor", final.GetProperty("result").GetProperty("by").GetString());
        var timeline = await _api.TimelineAsync(task.Str("id"));
        Assert.Contains("lease_expired", timeline);
        Assert.Contains("retry_scheduled", timeline);
        Assert.Equal(2, timeline.Count(e => e == "result_rejected"));
    }

    /// <summary>The end-to-end path only; the renewal rule's edges (renewed every second against 2 s) are LeaseValidityTests.</summary>
    [Fact]
    public async Task Heartbeat_renews_the_lease_past_its_first_deadline()
    {
        var queue = ClawApi.NewId("q");
        var task = await _api.SubmitAsync(queue, ""","timeout_seconds":2""");
        var node = await _api.RegisterNodeAsync();
        var assignment = await _api.PollOneAsync(node, queue, wait: 0);
        var firstDeadline = assignment.GetProperty("expires_at").GetDateTimeOffset();
        await Task.Delay(1000);
        var renewed = await _api.Http.PostJsonAsync($"/api/v1/leases/{assignment.Str("lease_id")}/heartbeat", $$"""{"token":"{{assignment.Str("lease_token")}}"}""");
        var lease = await renewed.EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal(1, lease.GetProperty("renewals").GetInt32());
        Assert.True(lease.GetProperty("expires_at").GetDateTimeOffset() > firstDeadline);

        var pastFirstDeadline = firstDeadline.AddMilliseconds(200) - DateTimeOffset.UtcNow;
        await Task.Delay(pastFirstDeadline > TimeSpan.Zero ? pastFirstDeadline : TimeSpan.Zero);
        (await _api.CompleteLeaseAsync(assignment)).EnsureSuccessStatusCode();
        Assert.Equal("completed", await _api.StatusAsync(task.Str("id")));
        Assert.Contains("lease_renewed", await _api.TimelineAsync(task.Str("id")));
    }

    [Fact]
    public async Task Retriable_failures_back_off_then_end_failed_past_max_retries()
    {
        var queue = ClawApi.NewId("q");
        var task = await _api.SubmitAsync(queue, ""","max_retries":1,"retry_backoff":{"initial_seconds":1,"multiplier":2}""");
        var node = await _api.RegisterNodeAsync();
        var first = await _api.PollOneAsync(node, queue, wait: 0);
        var failed = await _api.Http.PostJsonAsync($"/api/v1/leases/{first.Str("lease_id")}/fail", $$"""{"token":"{{first.Str("lease_token")}}","error":"boom"}""");
        var retry = await failed.EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal("pending", retry.Str("status"));
        Assert.Equal(2, retry.GetProperty("attempt").GetInt32());
        Assert.True(DateTimeOffset.Parse(retry.Str("available_at"), System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddMilliseconds(200), "backoff delays the retry");
        Assert.Empty(await _api.PollAsync(node, queue));

        var second = await _api.PollOneAsync(node, queue, wait: 5);
        var final = await _api.Http.PostJsonAsync($"/api/v1/tasks/{task.Str("id")}/fail", $$"""{"lease_id":"{{second.Str("lease_id")}}","lease_token":"{{second.Str("lease_token")}}","error":"boom again"}""");
        var dead = await final.EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal("failed", dead.Str("status"));
        Assert.Equal("boom again", dead.Str("error"));
        var deadLetters = await (await _api.Http.GetAsync($"/api/v1/tasks?status=failed&queue={queue}")).ReadJsonAsync();
        Assert.Equal(task.Str("id"), deadLetters[0].Str("id"));
    }

    [Fact]
    public async Task A_non_retriable_failure_ends_the_task_at_once()
    {
        var queue = ClawApi.NewId("q");
        var task = await _api.SubmitAsync(queue);
        var node = await _api.RegisterNodeAsync();
        var lease = await _api.PollOneAsync(node, queue, wait: 0);
        var response = await _api.Http.PostJsonAsync($"/api/v1/tasks/{task.Str("id")}/fail", $$"""{"node_id":"{{node}}","error":"bad input","retriable":false}""");
        Assert.Equal("failed", (await response.EnsureSuccessStatusCode().ReadJsonAsync()).Str("status"));
        Assert.Equal("failed", (await (await _api.Http.GetAsync($"/api/v1/leases/{lease.Str("lease_id")}")).ReadJsonAsync()).Str("status"));
    }

    [Fact]
    public async Task Release_gives_the_task_back_without_consuming_an_attempt()
    {
        var queue = ClawApi.NewId("q");
        var task = await _api.SubmitAsync(queue);
        var node = await _api.RegisterNodeAsync();
        var lease = await _api.PollOneAsync(node, queue, wait: 0);
        var released = await (await _api.Http.PostJsonAsync($"/api/v1/leases/{lease.Str("lease_id")}/release", $$"""{"token":"{{lease.Str("lease_token")}}"}""")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal("pending", released.Str("status"));
        Assert.Equal(1, released.GetProperty("attempt").GetInt32());

        var again = await _api.PollOneAsync(node, queue, wait: 2);
        Assert.Equal(1, again.GetProperty("attempt").GetInt32());
        Assert.NotEqual(lease.Str("lease_id"), again.Str("lease_id"));
        Assert.Equal(task.Str("id"), again.Str("task_id"));
    }

    [Fact]
    public async Task Someone_elses_lease_is_refused_with_lease_not_owner()
    {
        var queue = ClawApi.NewId("q");
        var task = await _api.SubmitAsync(queue);
        var holder = await _api.RegisterNodeAsync();
        var other = await _api.RegisterNodeAsync();
        var lease = await _api.PollOneAsync(holder, queue, wait: 0);

        var wrongToken = await _api.Http.PostJsonAsync($"/api/v1/leases/{lease.Str("lease_id")}/complete", $$"""{"token":"1.not-the-token"}""");
        await wrongToken.AssertProblemAsync(HttpStatusCode.Conflict, "lease_not_owner");
        var wrongNode = await _api.Http.PostJsonAsync($"/api/v1/tasks/{task.Str("id")}/complete", $$$"""{"bot_id":"{{{other}}}","result":{}}""");
        await wrongNode.AssertProblemAsync(HttpStatusCode.Conflict, "lease_not_owner");
        Assert.Equal("assigned", await _api.StatusAsync(task.Str("id")));
    }

    [Fact]
    public async Task Cancelling_a_leased_task_revokes_the_lease_and_refuses_the_holder()
    {
        var queue = ClawApi.NewId("q");
        var task = await _api.SubmitAsync(queue);
        var node = await _api.RegisterNodeAsync();
        var lease = await _api.PollOneAsync(node, queue, wait: 0);
        var cancelled = await (await _api.Http.PostJsonAsync($"/api/v1/tasks/{task.Str("id")}/cancel", """{"reason":"no longer needed"}""")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal("cancelled", cancelled.Str("status"));
        await (await _api.CompleteLeaseAsync(lease)).AssertProblemAsync(HttpStatusCode.Conflict, "lease_revoked");
        await (await _api.Http.PostAsync($"/api/v1/tasks/{task.Str("id")}/cancel", null)).AssertProblemAsync(HttpStatusCode.Conflict, "invalid_transition");

        Assert.Equal(HttpStatusCode.NoContent, (await _api.Http.DeleteAsync($"/api/v1/tasks/{task.Str("id")}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Http.GetAsync($"/api/v1/tasks/{task.Str("id")}")).StatusCode);
    }

    [Fact]
    public async Task Progress_and_start_move_the_task_in_progress_and_land_in_the_timeline()
    {
        var queue = ClawApi.NewId("q");
        var task = await _api.SubmitAsync(queue);
        var node = await _api.RegisterNodeAsync();
        var lease = await _api.PollOneAsync(node, queue, wait: 0);
        var proof = $"\"lease_id\":\"{lease.Str("lease_id")}\",\"lease_token\":\"{lease.Str("lease_token")}\"";
        (await _api.Http.PostJsonAsync($"/api/v1/tasks/{task.Str("id")}/start", "{" + proof + "}")).EnsureSuccessStatusCode();
        var progressed = await (await _api.Http.PostJsonAsync($"/api/v1/tasks/{task.Str("id")}/progress", "{" + proof + ""","percent":40,"message":"halfway"}""")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal("in_progress", progressed.Str("status"));
        Assert.Equal(40, progressed.GetProperty("progress").GetProperty("percent").GetInt32());

        string[] expected = ["created", "queued", "assigned", "started", "progress"];
        Assert.Equal(expected, await _api.TimelineAsync(task.Str("id")));
    }

    [Fact]
    public async Task Repeated_events_are_capped_so_the_timeline_stays_bounded()
    {
        var queue = ClawApi.NewId("q");
        var task = await _api.SubmitAsync(queue);
        var node = await _api.RegisterNodeAsync();
        var lease = await _api.PollOneAsync(node, queue, wait: 0);
        var proof = $"\"lease_id\":\"{lease.Str("lease_id")}\",\"lease_token\":\"{lease.Str("lease_token")}\"";
        for (var i = 0; i < 60; i++)
        {
            (await _api.Http.PostJsonAsync($"/api/v1/tasks/{task.Str("id")}/progress", "{" + proof + ",\"percent\":" + (i % 100) + "}")).EnsureSuccessStatusCode();
        }

        var timeline = await _api.TimelineAsync(task.Str("id"));
        Assert.Equal(50, timeline.Count(e => e == "progress"));
        Assert.Equal(["created", "queued", "assigned", "started"], timeline.Take(4));
    }
}

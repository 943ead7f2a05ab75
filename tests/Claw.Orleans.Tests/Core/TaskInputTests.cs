using System.Net;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Core;

[Collection(GatewayCollection.Name)]
public sealed class TaskInputTests(GatewayFixture fixture)
{
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public async Task Idempotency_key_replays_the_same_body_and_refuses_another()
    {
        var key = Guid.NewGuid().ToString();
        var queue = ClawApi.NewId("q");
        async Task<HttpResponseMessage> Post(string body, string header)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tasks") { Content = HttpAssertions.Json(body) };
            request.Headers.Add(header, key);
            return await _api.Http.SendAsync(request);
        }

        var body = $$$"""{"queue":"{{{queue}}}","payload":{"x":1}}""";
        var first = await Post(body, "Idempotency-Key");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var replay = await Post(body, "X-Claw-Idempotency-Key");
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replay").Single());
        Assert.Equal((await first.ReadJsonAsync()).Str("id"), (await replay.ReadJsonAsync()).Str("id"));

        await (await Post($$$"""{"queue":"{{{queue}}}","payload":{"x":2}}""", "Idempotency-Key")).AssertProblemAsync(HttpStatusCode.Conflict, "idempotency_conflict");
        var pending = await (await _api.Http.GetAsync($"/api/v1/tasks?queue={queue}")).ReadJsonAsync();
        Assert.Equal(1, pending.GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData("""{"priority":"urgent"}""", "priority")]
    [InlineData("""{"timeout_seconds":0}""", "timeout_seconds")]
    [InlineData("""{"timeout_seconds":3601}""", "timeout_seconds")]
    [InlineData("""{"max_retries":-1}""", "max_retries")]
    [InlineData("""{"queue":"has space"}""", "queue")]
    [InlineData("""{"payload":[1,2]}""", "payload")]
    [InlineData("""{"timeout_seconds":"long"}""", "timeout_seconds")]
    [InlineData("""{"retry_backoff":{"multiplier":0.5}}""", "retry_backoff.multiplier")]
    [InlineData("""{"workflow_id":"bad id"}""", "workflow_id")]
    public async Task Invalid_submissions_are_a_422_naming_the_field_and_create_nothing(string body, string field)
    {
        var before = (await (await _api.Http.GetAsync("/api/v1/tasks?limit=1")).ReadJsonAsync()).GetProperty("total").GetInt64();
        var problem = await (await _api.Http.PostJsonAsync("/api/v1/tasks", body)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        var after = (await (await _api.Http.GetAsync("/api/v1/tasks?limit=1")).ReadJsonAsync()).GetProperty("total").GetInt64();
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task A_payload_over_the_limit_is_a_413_and_creates_nothing()
    {
        var queue = ClawApi.NewId("q");
        var padding = new string('x', (1024 * 1024) + 1);
        var response = await _api.Http.PostLargeJsonAsync("/api/v1/tasks", "{\"queue\":\"" + queue + "\",\"payload\":{\"blob\":\"" + padding + "\"}}");
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Equal(0, (await (await _api.Http.GetAsync($"/api/v1/tasks?queue={queue}")).ReadJsonAsync()).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Unknown_task_lease_and_node_are_404()
    {
        await (await _api.Http.GetAsync("/api/v1/tasks/no-such-task")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _api.Http.GetAsync("/api/v1/tasks/no-such-task/timeline")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _api.Http.PostAsync("/api/v1/tasks/no-such-task/start", null)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _api.Http.GetAsync("/api/v1/leases/no-such-task.1")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _api.Http.GetAsync("/api/v1/leases/not-a-lease")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _api.Http.PostJsonAsync("/api/v1/nodes/no-such-node/poll", "{}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Poll_parameters_are_checked()
    {
        var node = await _api.RegisterNodeAsync();
        var tooLong = await _api.Http.PostJsonAsync($"/api/v1/nodes/{node}/poll", """{"wait_seconds":31}""");
        var problem = await tooLong.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("wait_seconds", out _));
        await (await _api.Http.PostJsonAsync($"/api/v1/nodes/{node}/poll", """{"max_tasks":0}""")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Fact]
    public async Task Transitions_not_allowed_from_the_status_are_409_with_the_status()
    {
        var queue = ClawApi.NewId("q");
        var task = await _api.SubmitAsync(queue);
        var start = await _api.Http.PostAsync($"/api/v1/tasks/{task.Str("id")}/start", null);
        var problem = await start.AssertProblemAsync(HttpStatusCode.Conflict, "invalid_transition");
        Assert.Contains("pending", problem.Str("detail"), StringComparison.Ordinal);
        Assert.Equal("pending", await _api.StatusAsync(task.Str("id")));
        (await _api.Http.PostAsync($"/api/v1/tasks/{task.Str("id")}/cancel", null)).EnsureSuccessStatusCode();
        await (await _api.Http.PostAsync($"/api/v1/tasks/{task.Str("id")}/cancel", null)).AssertProblemAsync(HttpStatusCode.Conflict, "invalid_transition");
    }

    [Fact]
    public async Task Lists_filter_by_node_and_page_with_a_cursor()
    {
        var queue = ClawApi.NewId("q");
        for (var i = 0; i < 3; i++)
        {
            await _api.SubmitAsync(queue);
        }

        var node = await _api.RegisterNodeAsync(slots: 2);
        await _api.PollAsync(node, queue, max: 2);
        var byBot = await (await _api.Http.GetAsync($"/api/v1/tasks?bot_id={node}")).ReadJsonAsync();
        Assert.Equal(2, byBot.GetProperty("items").GetArrayLength());

        var page1 = await (await _api.Http.GetAsync($"/api/v1/tasks?queue={queue}&limit=2")).ReadJsonAsync();
        Assert.Equal(2, page1.GetProperty("items").GetArrayLength());
        var page2 = await (await _api.Http.GetAsync($"/api/v1/tasks?queue={queue}&limit=2&cursor={page1.Str("next_cursor")}")).ReadJsonAsync();
        Assert.Equal(1, page2.GetProperty("items").GetArrayLength());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, page2.GetProperty("next_cursor").ValueKind);
    }
}

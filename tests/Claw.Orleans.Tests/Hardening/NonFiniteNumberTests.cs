using System.Net;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Hardening;

/// <summary>
/// Issue 23, part 2: a number too large for a double (<c>1e309</c> reads as infinity) is refused naming its field on
/// every route that takes a double, and nothing is stored (it used to fail the storage write with a 500).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class NonFiniteNumberTests(GatewayFixture fixture)
{
    private readonly ClawApi _api = new(fixture.Client);

    [Theory]
    [InlineData("/api/v1/nodes")]
    [InlineData("/api/v1/bots")]
    public async Task A_node_with_an_infinite_resource_is_refused_and_not_registered(string route)
    {
        foreach (var number in new[] { "1e309", "-1e309" })
        {
            var id = ClawApi.NewId("node");
            var response = await _api.Http.PostJsonAsync(route, $$$"""{"id":"{{{id}}}","name":"n","resources":{"cpu_cores":{{{number}}}}}""");
            await AssertNamesAsync(response, "resources.cpu_cores");
            await (await _api.Http.GetAsync($"/api/v1/nodes/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        }
    }

    [Theory]
    [InlineData("""{"resources":{"cpu_cores":1e309}}""", "resources.cpu_cores")]
    [InlineData("""{"retry_backoff":{"multiplier":1e309}}""", "retry_backoff.multiplier")]
    [InlineData("""{"retry_backoff":{"initial_seconds":-1e309}}""", "retry_backoff.initial_seconds")]
    [InlineData("""{"retry_backoff":{"max_seconds":1e309}}""", "retry_backoff.max_seconds")]
    [InlineData("""{"resources":{"memory_mb":1e309}}""", "resources.memory_mb")]
    [InlineData("""{"timeout_seconds":1e309}""", "timeout_seconds")]
    public async Task A_task_with_an_infinite_number_is_refused_naming_the_field_and_not_stored(string extra, string field)
    {
        var queue = ClawApi.NewId("q");
        var response = await _api.Http.PostJsonAsync("/api/v1/tasks", $$"""{"queue":"{{queue}}",{{extra[1..^1]}}}""");
        await AssertNamesAsync(response, field);
        var listed = await (await _api.Http.GetAsync($"/api/v1/tasks?queue={queue}")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal(0, listed.GetArrayLength());
    }

    [Fact]
    public async Task Workflow_steps_swarm_thresholds_and_schedule_templates_refuse_infinite_numbers_too()
    {
        await AssertNamesAsync(
            await _api.Http.PostJsonAsync("/api/v1/workflows", """{"name":"w","steps":[{"name":"a","payload":{},"resources":{"cpu_cores":1e309}}]}"""),
            "steps[0].resources.cpu_cores");
        await AssertNamesAsync(
            await _api.Http.PostJsonAsync("/api/v1/swarms", """{"name":"s","health_thresholds":{"unhealthy_failure_rate":1e309}}"""),
            "health_thresholds.unhealthy_failure_rate");
        await AssertNamesAsync(
            await _api.Http.PostJsonAsync("/api/v1/schedules", """{"name":"s","interval_seconds":60,"task":{"resources":{"cpu_cores":1e309}}}"""),
            "task.resources.cpu_cores");
    }

    private static async Task AssertNamesAsync(HttpResponseMessage response, string field)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");
    }
}

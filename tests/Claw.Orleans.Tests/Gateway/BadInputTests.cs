using System.Net;
using System.Text;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class BadInputTests(GatewayFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Malformed_json_is_a_400_malformed_json()
    {
        var response = await _client.PostJsonAsync("/api/v1/nodes", """{"name": "x", """);
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_json");
    }

    [Fact]
    public async Task A_field_of_the_wrong_type_is_a_422_naming_the_field()
    {
        var response = await _client.PostJsonAsync("/api/v1/nodes", """{"name": "x", "max_concurrent_tasks": "many"}""");
        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("max_concurrent_tasks", out _));
    }

    [Fact]
    public async Task Wrong_content_type_is_a_415()
    {
        var response = await _client.PostAsync("/api/v1/nodes", new StringContent("name=x", Encoding.UTF8, "text/plain"));
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task Unknown_route_is_a_404_problem()
    {
        var response = await _client.GetAsync("/api/v1/no-such-thing");
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Wrong_method_is_a_405_problem()
    {
        var response = await _client.PutAsync("/api/v1/nodes", HttpAssertions.Json("{}"));
        await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Fact]
    public async Task Oversize_body_is_a_413_and_registers_nothing()
    {
        var id = "node-huge-" + Guid.NewGuid().ToString("N")[..8];
        var padding = new string('x', 1024 * 1024 + 10);
        var response = await _client.PostLargeJsonAsync("/api/v1/nodes", $"{{\"id\":\"{id}\",\"name\":\"huge\",\"metadata\":{{\"pad\":\"{padding}\"}}}}");
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/nodes/{id}")).StatusCode);
    }

    [Fact]
    public async Task Invalid_fields_are_a_422_validation_failed_with_field_errors_and_change_nothing()
    {
        var id = "node-bad-" + Guid.NewGuid().ToString("N")[..8];
        var response = await _client.PostJsonAsync("/api/v1/nodes", $$$"""{"id":"{{{id}}}","name":"","max_concurrent_tasks":0,"public_key":"bm90LWEta2V5","resources":{"memory_mb":-1}}""");
        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "name", "max_concurrent_tasks", "public_key", "resources.memory_mb" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }

        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/nodes/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("\"a\\u0000b\"")]
    [InlineData("\"line\\nbreak\"")]
    [InlineData("null")]
    public async Task A_label_value_with_control_characters_or_none_is_a_422_on_a_node_and_a_task(string value)
    {
        var id = ClawApi.NewId("node");
        var node = await _client.PostJsonAsync("/api/v1/nodes", $$$"""{"id":"{{{id}}}","name":"n","labels":{"team":{{{value}}}}}""");
        Assert.True((await node.AssertValidationProblemAsync()).GetProperty("errors").TryGetProperty("labels", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/nodes/{id}")).StatusCode);

        var task = await _client.PostJsonAsync("/api/v1/tasks", $$$"""{"queue":"{{{ClawApi.NewId("q")}}}","labels":{"team":{{{value}}}}}""");
        Assert.True((await task.AssertValidationProblemAsync()).GetProperty("errors").TryGetProperty("labels", out _));
    }

    [Fact]
    public async Task A_label_value_longer_than_1000_characters_is_a_422_and_one_of_1000_is_kept()
    {
        var queue = ClawApi.NewId("q");
        var tooLong = await _client.PostJsonAsync("/api/v1/tasks", $$$"""{"queue":"{{{queue}}}","labels":{"note":"{{{new string('x', 1001)}}}"}}""");
        Assert.True((await tooLong.AssertValidationProblemAsync()).GetProperty("errors").TryGetProperty("labels", out _));
        var kept = await (await _client.PostJsonAsync("/api/v1/tasks", $$$"""{"queue":"{{{queue}}}","labels":{"note":"{{{new string('x', 1000)}}}","empty":""}}""")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal(1000, kept.GetProperty("labels").Str("note").Length);
    }

    [Fact]
    public async Task An_id_or_queue_with_a_trailing_line_break_is_a_422_and_stores_nothing()
    {
        var id = ClawApi.NewId("node");
        var node = await _client.PostJsonAsync("/api/v1/nodes", $$"""{"id":"{{id}}\n","name":"n"}""");
        Assert.True((await node.AssertValidationProblemAsync()).GetProperty("errors").TryGetProperty("id", out _));
        var task = await _client.PostJsonAsync("/api/v1/tasks", $$"""{"queue":"{{ClawApi.NewId("q")}}\n"}""");
        Assert.True((await task.AssertValidationProblemAsync()).GetProperty("errors").TryGetProperty("queue", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/nodes/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("MToA")] // "1:\0": a NUL id, which PostgreSQL refuses to bind
    [InlineData("MTo")] // "1:": no id
    public async Task A_cursor_holding_no_id_of_ours_is_a_422(string cursor) =>
        await (await _client.GetAsync($"/api/v1/tasks?cursor={cursor}")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

    [Fact]
    public async Task A_workflow_step_that_is_null_is_a_422_naming_it()
    {
        var response = await _client.PostJsonAsync("/api/v1/workflows", """{"name":"w","steps":[null]}""");
        Assert.True((await response.AssertValidationProblemAsync()).GetProperty("errors").TryGetProperty("steps[0]", out _));
    }

    [Fact]
    public async Task Malformed_id_in_the_path_is_a_422()
    {
        var response = await _client.GetAsync("/api/v1/nodes/bad%20id%21");
        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Fact]
    public async Task Heartbeat_of_an_unknown_node_is_a_404()
    {
        var response = await _client.PostAsync("/api/v1/nodes/node-never-registered/heartbeat", null);
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Bad_list_parameters_are_a_422()
    {
        await (await _client.GetAsync("/api/v1/nodes?status=sleepy")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await _client.GetAsync("/api/v1/nodes?limit=501")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await _client.GetAsync("/api/v1/nodes?limit=10&cursor=not-a-cursor")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }
}

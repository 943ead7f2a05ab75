using System.Net;
using System.Text.Json;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class OperationsEndpointTests(GatewayFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Health_answers_status_and_version()
    {
        var body = await (await _client.GetAsync("/health")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Matches(@"^\d+\.\d+\.\d+", body.GetProperty("version").GetString());
    }

    [Fact]
    public async Task Liveness_and_readiness_are_ok_with_both_checks_named()
    {
        (await _client.GetAsync("/health/live")).EnsureSuccessStatusCode();
        var ready = await _client.GetAsync("/health/ready");
        var body = await ready.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ok", body.GetProperty("checks").GetProperty("cluster").GetProperty("status").GetString());
        Assert.Equal("ok", body.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Dashboard_serves_html()
    {
        var response = await _client.GetAsync("/dashboard/");
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_silo_with_the_dashboard_off_serves_none_and_still_works()
    {
        using var data = new TempDirectory();
        await using var host = await ClawTestHost.StartAsync(data.Path, "--Claw:Dashboard:Enabled", "false");
        var api = new ClawApi(host.CreateClient());
        Assert.Equal(HttpStatusCode.NotFound, (await api.Http.GetAsync("/dashboard/")).StatusCode);
        var queue = ClawApi.NewId("q");
        var node = await api.RegisterNodeAsync(online: true);
        var task = (await api.SubmitAsync(queue)).Str("id");
        Assert.Equal(task, (await api.PollOneAsync(node, queue)).Str("task_id"));
    }

    [Fact]
    public async Task OpenApi_document_parses_and_lists_the_node_routes()
    {
        var document = await (await _client.GetAsync("/openapi/v1.json")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/nodes", paths);
        Assert.Contains("/api/v1/bots/{id}", paths);
    }

    [Fact]
    public async Task Api_reference_is_browsable_at_docs()
    {
        var response = await _client.GetAsync("/docs");
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Correlation_id_is_echoed_or_generated()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Add("X-Claw-Correlation-Id", "corr-test-123");
        var echoed = await _client.SendAsync(request);
        Assert.Equal("corr-test-123", echoed.Headers.GetValues("X-Claw-Correlation-Id").Single());

        var generated = await _client.GetAsync("/health");
        Assert.Matches("^[0-9a-f]{32}$", generated.Headers.GetValues("X-Claw-Correlation-Id").Single());
    }

    [Fact]
    public async Task Correlation_id_rides_in_problem_details()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/nodes/no-such-node");
        request.Headers.Add("X-Claw-Correlation-Id", "corr-problem-1");
        var problem = await (await _client.SendAsync(request)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("corr-problem-1", problem.GetProperty("correlation_id").GetString());
    }
}

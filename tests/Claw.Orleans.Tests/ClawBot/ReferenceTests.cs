using System.Net;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.ClawBot;

/// <summary>The API reference where the ClawBot README points (<c>/redoc</c>) and where Claw's does (<c>/docs</c>): one document.</summary>
[Collection(ClawBotCollection.Name)]
public sealed class ReferenceTests(GatewayFixture fixture)
{
    private readonly HttpClient _http = fixture.Client;

    [Theory]
    [InlineData("/docs")]
    [InlineData("/redoc")]
    public async Task The_reference_page_serves_the_one_openapi_document(string path)
    {
        var response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("openapi/v1.json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_document_lists_clawbots_routes()
    {
        var paths = (await (await _http.GetAsync("/openapi/v1.json")).EnsureSuccessStatusCode().ReadJsonAsync()).GetProperty("paths");
        foreach (var route in new[] { "/api/v1/bots/capability/{capability}", "/api/v1/tasks/status/pending", "/api/v1/tasks/workflow/{id}", "/api/v1/tasks/bot/{id}", "/api/v1/ws/connections" })
        {
            Assert.True(paths.TryGetProperty(route, out _), route);
        }
    }
}

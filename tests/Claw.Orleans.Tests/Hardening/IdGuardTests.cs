using System.Net;
using System.Text.Json;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Hardening;

/// <summary>
/// One id guard for every route parameter: each route of the OpenAPI document with a parameter in its path answers a
/// malformed id with the same 400 validation problem naming that parameter, whatever the method, before any grain.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class IdGuardTests(GatewayFixture fixture)
{
    private readonly HttpClient _http = fixture.Client;

    [Fact]
    public async Task Every_route_with_a_path_parameter_refuses_a_malformed_id_naming_it()
    {
        var document = await (await _http.GetAsync("/openapi/v1.json")).EnsureSuccessStatusCode().ReadJsonAsync();
        var checkedRoutes = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.Contains('{', StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "delete" or "put"))
            {
                foreach (var parameter in Parameters(path.Name))
                {
                    foreach (var bad in new[] { "bad id!", new string('x', 129), "-leading-dash", "a/b" })
                    {
                        var url = Fill(path.Name, parameter, bad);
                        using var request = new HttpRequestMessage(new HttpMethod(operation.Name.ToUpperInvariant()), url);
                        if (operation.Name is "post" or "put")
                        {
                            request.Content = HttpAssertions.Json("{}");
                        }

                        var response = await _http.SendAsync(request);
                        if (bad == "a/b" && response.StatusCode == HttpStatusCode.NotFound)
                        {
                            continue; // a slash splits the segment: no route, the router's 404
                        }

                        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
                        var field = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(parameter);
                        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{operation.Name} {url}: {problem}");
                        checkedRoutes++;
                    }
                }
            }
        }

        Assert.True(checkedRoutes >= 3 * 30, $"only {checkedRoutes} checks: the OpenAPI document lists fewer routes than expected");
    }

    private static IEnumerable<string> Parameters(string path) =>
        path.Split('/').Where(s => s.StartsWith('{') && s.EndsWith('}')).Select(s => s[1..^1]);

    private static string Fill(string path, string parameter, string bad) =>
        string.Join('/', path.Split('/').Select(s => s == $"{{{parameter}}}" ? Uri.EscapeDataString(bad).Replace("%2F", "/", StringComparison.Ordinal) : s.StartsWith('{') ? "good-id" : s));
}

using System.Text.RegularExpressions;
using Claw.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Claw.Tests.Gateway;

/// <summary>
/// docs/api.md is the API as built: every route the running host publishes under <c>/api/v1</c> is in one of its route
/// tables (a row whose first cell names the method and whose second cell holds the path), and every route those
/// tables name is one the host maps (under the base path or beside it, as <c>/health</c>). Paths are compared without the base path, with every parameter read as
/// <c>{id}</c> (<c>/swarms/{id}/nodes/{node_id}</c> is <c>/swarms/{id}/nodes/{id}</c>).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed partial class ApiDocsTests(GatewayFixture fixture)
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH"];

    [Fact]
    public async Task Every_route_in_the_OpenAPI_document_is_in_docs_api_md()
    {
        var document = await (await fixture.Client.GetAsync("/openapi/v1.json")).EnsureSuccessStatusCode().ReadJsonAsync();
        var published = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/v1/", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => Methods.Contains(o.Name.ToUpperInvariant())))
            {
                published.Add($"{operation.Name.ToUpperInvariant()} {Normalize(path.Name)}");
            }
        }

        Assert.True(published.Count > 50, $"The OpenAPI document lists only {published.Count} operations under /api/v1: {string.Join(", ", published)}");
        var documented = DocumentedRoutes();
        var missing = published.Where(route => !documented.Contains(route)).ToList();
        Assert.True(missing.Count == 0, $"Routes the host publishes that docs/api.md does not list in a route table:\n{string.Join("\n", missing)}");
    }

    [Fact]
    public void Every_route_docs_api_md_lists_is_mapped()
    {
        var endpoints = fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is not null)
            .Select(e => (Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? Methods, Raw: e.RoutePattern.RawText!))
            .ToList();
        var mapped = endpoints.SelectMany(e => e.Methods.Select(m => $"{m} {Normalize(e.Raw)}")).ToHashSet(StringComparer.Ordinal);

        // A catch-all route ({*path}, {**path}) serves every path below its prefix (one at the root would hide everything: not counted).
        var prefixes = endpoints.Where(e => e.Raw.Contains("{*", StringComparison.Ordinal))
            .Select(e => (e.Methods, Prefix: Normalize(e.Raw[..e.Raw.IndexOf("{*", StringComparison.Ordinal)]).TrimEnd('/')))
            .Where(e => e.Prefix.Length > 0)
            .SelectMany(e => e.Methods.Select(m => $"{m} {e.Prefix}/"))
            .ToList();
        var stale = DocumentedRoutes()
            .Where(route => !mapped.Contains(route) && !prefixes.Any(p => (route + "/").StartsWith(p, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal).ToList();
        Assert.True(stale.Count == 0, $"Routes docs/api.md lists that the host does not map:\n{string.Join("\n", stale)}");
    }

    [Fact]
    public void The_table_reader_finds_rows_and_normalises_paths()
    {
        var rows = RoutesOf(
            """
            | Method | Path | Does |
            |---|---|---|
            | POST, DELETE | `/swarms/{id}/nodes/{node_id}` | membership \| more |
            | GET | `/api/v1/bots/available/?capability=x`, `/tasks/{task_id}/trace` | |
            | field | `/not/a/route` | |
            """);
        Assert.Equal(
            ["DELETE /swarms/{id}/nodes/{id}", "GET /bots/available", "GET /tasks/{id}/trace", "POST /swarms/{id}/nodes/{id}"],
            rows.Order(StringComparer.Ordinal));
    }

    /// <summary>"METHOD /path" of every row of docs/api.md's route tables.</summary>
    private static HashSet<string> DocumentedRoutes() => RoutesOf(File.ReadAllText(ApiMarkdownPath()));

    private static HashSet<string> RoutesOf(string markdown)
    {
        var routes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in markdown.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith('|')))
        {
            var cells = CellSeparator().Split(line.Trim('|'));
            if (cells.Length < 2)
            {
                continue;
            }

            var methods = Regex.Split(cells[0], "[^A-Za-z]+").Where(w => Methods.Contains(w, StringComparer.Ordinal)).ToList();
            foreach (Match span in CodeSpan().Matches(cells[1]))
            {
                var path = span.Groups[1].Value.Replace(@"\|", "|", StringComparison.Ordinal);
                if (path.StartsWith('/'))
                {
                    methods.ForEach(method => routes.Add($"{method} {Normalize(path)}"));
                }
            }
        }

        return routes;
    }

    /// <summary><c>/api/v1/tasks/{task_id}/?x=1</c> → <c>/tasks/{id}</c>.</summary>
    private static string Normalize(string path)
    {
        path = path.Split('?')[0];
        foreach (var prefix in new[] { "/api/v1", "/api" })
        {
            if (path.StartsWith(prefix + "/", StringComparison.Ordinal))
            {
                path = path[prefix.Length..];
                break;
            }
        }

        path = Parameter().Replace(path, "{id}");
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    /// <summary>docs/api.md of the repository this test was built from: up from the test's folder to the one holding the solution.</summary>
    private static string ApiMarkdownPath()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Claw.Orleans.sln")))
            {
                var path = Path.Combine(folder.FullName, "docs", "api.md");
                Assert.True(File.Exists(path), $"The repository root {folder.FullName} has no docs/api.md.");
                return path;
            }
        }

        throw new InvalidOperationException($"No Claw.Orleans.sln above {AppContext.BaseDirectory}: cannot find docs/api.md.");
    }

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex CellSeparator();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}

using System.Net;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Security;

/// <summary>
/// Who may do what (API.md "Security"), one row per route family: each role's credentials call a representative route
/// of the family and must be let through (anything but 401/403, never a 5xx) or refused with 403 <c>forbidden</c>; no
/// credentials at all is 401. Then scopes: a key limited to a queue or a swarm is refused outside it.
/// </summary>
[Collection(SecuredCollection.Name)]
public sealed class RoleMatrixTests(SecuredFixture fixture)
{
    // Roles, in order: reader, agent (bound to the row's node), operator, admin. 'A' allowed, 'F' forbidden.
    public static TheoryData<string, string, string, string> Routes => new()
    {
        { "GET", "/api/v1/tasks", "", "AAAA" },
        { "GET", "/api/v1/tasks/{task}", "", "AAAA" },
        { "GET", "/api/v1/nodes", "", "AAAA" },
        { "GET", "/api/v1/auth/me", "", "AAAA" },
        { "GET", "/metrics", "", "AAAA" },
        { "GET", "/openapi/v1.json", "", "AAAA" },
        { "GET", "/docs/", "", "AAAA" },
        { "GET", "/dashboard/", "", "AAAA" },
        { "POST", "/api/v1/tasks", """{"queue":"matrix"}""", "FFAA" },
        { "POST", "/api/v1/tasks/{task}/cancel", "", "FFAA" },
        { "POST", "/api/v1/tasks/{task}/assign", """{"node_id":"{node}"}""", "FFAA" },
        { "DELETE", "/api/v1/tasks/{task}", "", "FFAA" },
        { "POST", "/api/v1/tasks/{task}/complete", """{"result":{}}""", "FAAA" },
        { "POST", "/api/v1/tasks/{task}/fail", """{"error":"x"}""", "FAAA" },
        { "POST", "/api/v1/leases/{task}.1/heartbeat", """{"token":"t"}""", "FAAA" },
        { "POST", "/api/v1/nodes", """{"name":"n","id":"{node}"}""", "FAAA" },
        { "POST", "/api/v1/nodes/{node}/heartbeat", "", "FAAA" },
        { "POST", "/api/v1/nodes/{node}/poll", """{"queues":["matrix"]}""", "FAAA" },
        { "POST", "/api/v1/nodes/{other}/heartbeat", "", "FFAA" },
        { "POST", "/api/v1/bots/{other}/busy", "", "FFAA" },
        { "DELETE", "/api/v1/nodes/{other}", "", "FFAA" },
        { "POST", "/api/v1/workflows", """{"name":"w","task_payloads":[]}""", "FFAA" },
        { "POST", "/api/v1/swarms", """{"name":"s"}""", "FFAA" },
        { "POST", "/api/v1/schedules", """{"name":"s","interval_seconds":3600,"task":{"queue":"matrix"}}""", "FFAA" },
        { "POST", "/api/v1/ws/broadcast/task/{task}", "", "FFAA" },
        { "GET", "/api/v1/auth/keys", "", "FFFA" },
        { "POST", "/api/v1/auth/keys", """{"name":"k","role":"reader"}""", "FFFA" },
        { "DELETE", "/api/v1/auth/keys/0000000000000000", "", "FFFA" },
        { "GET", "/api/v1/audit", "", "FFFA" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Each_role_is_let_through_or_forbidden_as_the_table_says(string method, string path, string body, string expected)
    {
        var node = ClawApi.NewId("node");
        var other = ClawApi.NewId("node");
        foreach (var id in new[] { node, other })
        {
            (await fixture.Admin.PostJsonAsync("/api/v1/nodes", $$"""{"id":"{{id}}","name":"{{id}}"}""")).EnsureSuccessStatusCode();
        }

        var task = (await (await fixture.Admin.PostJsonAsync("/api/v1/tasks", """{"queue":"matrix-idle"}""")).EnsureSuccessStatusCode().ReadJsonAsync()).Str("id");
        string[] keys =
        [
            await fixture.KeyAsync("reader"),
            await fixture.KeyAsync("agent", $$""","node_id":"{{node}}" """),
            await fixture.KeyAsync("operator"),
            await fixture.KeyAsync("admin"),
        ];
        string Fill(string text) => text.Replace("{task}", task, StringComparison.Ordinal).Replace("{node}", node, StringComparison.Ordinal).Replace("{other}", other, StringComparison.Ordinal);

        using (var anonymous = await SendAsync(fixture.Anonymous, method, Fill(path), Fill(body)))
        {
            await anonymous.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
            Assert.Contains("Bearer", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        for (var role = 0; role < keys.Length; role++)
        {
            using var client = fixture.Client(keys[role]);
            using var response = await SendAsync(client, method, Fill(path), Fill(body));
            var what = $"{"reader agent operator admin".Split(' ')[role]} {method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            if (expected[role] == 'F')
            {
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, what);
                await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
            }
            else
            {
                Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && (int)response.StatusCode < 500, what);
            }
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/health")]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Probes_and_the_root_stay_open(string path) =>
        (await fixture.Anonymous.GetAsync(path)).EnsureSuccessStatusCode();

    [Fact]
    public async Task A_key_scoped_to_a_queue_is_refused_outside_it()
    {
        var mine = ClawApi.NewId("q");
        var theirs = ClawApi.NewId("q");
        using var scoped = fixture.Client(await fixture.KeyAsync("operator", $$""","queues":["{{mine}}"]"""));
        (await scoped.PostJsonAsync("/api/v1/tasks", $$"""{"queue":"{{mine}}"}""")).EnsureSuccessStatusCode();
        await (await scoped.PostJsonAsync("/api/v1/tasks", $$"""{"queue":"{{theirs}}"}""")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await scoped.PostJsonAsync("/api/v1/tasks", "{}")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden"); // the default queue

        var foreign = (await (await fixture.Admin.PostJsonAsync("/api/v1/tasks", $$"""{"queue":"{{theirs}}"}""")).EnsureSuccessStatusCode().ReadJsonAsync()).Str("id");
        await (await scoped.GetAsync($"/api/v1/tasks/{foreign}")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await scoped.PostAsync($"/api/v1/tasks/{foreign}/cancel", null)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("pending", (await (await fixture.Admin.GetAsync($"/api/v1/tasks/{foreign}")).ReadJsonAsync()).Str("status"));
        await (await scoped.GetAsync("/api/v1/tasks")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        (await scoped.GetAsync($"/api/v1/tasks?queue={mine}")).EnsureSuccessStatusCode();
        await (await scoped.PostJsonAsync("/api/v1/workflows", """{"name":"w"}""")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_key_scoped_to_a_swarm_reaches_that_swarm_and_its_nodes_only()
    {
        var swarm = (await (await fixture.Admin.PostJsonAsync("/api/v1/swarms", """{"name":"scoped"}""")).EnsureSuccessStatusCode().ReadJsonAsync()).Str("id");
        var other = (await (await fixture.Admin.PostJsonAsync("/api/v1/swarms", """{"name":"other"}""")).EnsureSuccessStatusCode().ReadJsonAsync()).Str("id");
        var member = ClawApi.NewId("node");
        var outsider = ClawApi.NewId("node");
        (await fixture.Admin.PostJsonAsync("/api/v1/nodes", $$"""{"id":"{{member}}","name":"m","swarm_id":"{{swarm}}"}""")).EnsureSuccessStatusCode();
        (await fixture.Admin.PostJsonAsync("/api/v1/nodes", $$"""{"id":"{{outsider}}","name":"o"}""")).EnsureSuccessStatusCode();
        using var scoped = fixture.Client(await fixture.KeyAsync("reader", $$""","swarm_ids":["{{swarm}}"]"""));

        (await scoped.GetAsync($"/api/v1/swarms/{swarm}")).EnsureSuccessStatusCode();
        (await scoped.GetAsync($"/api/v1/nodes/{member}")).EnsureSuccessStatusCode();
        await (await scoped.GetAsync($"/api/v1/swarms/{other}")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await scoped.GetAsync($"/api/v1/nodes/{outsider}")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await scoped.GetAsync("/api/v1/nodes")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        (await scoped.GetAsync($"/api/v1/nodes?swarm_id={swarm}")).EnsureSuccessStatusCode();
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, string body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body.Length > 0)
        {
            request.Content = HttpAssertions.Json(body);
        }

        return client.SendAsync(request);
    }
}

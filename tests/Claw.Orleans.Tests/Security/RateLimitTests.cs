using System.Net;
using System.Net.Http.Headers;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Security;

/// <summary>
/// Rate limits: per principal (per remote address before authenticating) a 429 <c>rate_limited</c> problem with
/// <c>Retry-After</c>; a node's failure reports are limited by its node grain, whichever silo they reach.
/// </summary>
public sealed class RateLimitTests
{
    private const string Admin = "claw_00000000000fa11e_rate-limit-tests-admin-secret-0123";

    [Fact]
    public async Task A_principal_past_its_budget_gets_429_with_retry_after_and_others_are_not_affected()
    {
        using var data = new TempDirectory();
        await using var host = await ClawTestHost.StartAsync(data.Path,
            "--Claw:Auth:Mode", "Required", "--Claw:Auth:BootstrapKey", Admin,
            "--Claw:RateLimits:PermitsPerSecond", "1", "--Claw:RateLimits:Burst", "5",
            "--Claw:RateLimits:AnonymousPermitsPerSecond", "1", "--Claw:RateLimits:AnonymousBurst", "3");
        using var admin = Client(host, Admin);
        var reader = (await (await admin.PostJsonAsync("/api/v1/auth/keys", """{"name":"r","role":"reader"}""")).EnsureSuccessStatusCode().ReadJsonAsync()).Str("key");

        HttpResponseMessage? limited = null;
        for (var i = 0; i < 20 && limited is null; i++)
        {
            var response = await admin.GetAsync("/api/v1/tasks?limit=1");
            limited = response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.NotNull(limited);
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), limited.Headers.RetryAfter?.ToString());
        (await Client(host, reader).GetAsync("/api/v1/tasks?limit=1")).EnsureSuccessStatusCode(); // a bucket of its own

        using var anonymous = host.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            statuses.Add((await anonymous.GetAsync("/api/v1/tasks")).StatusCode);
        }

        Assert.Contains(HttpStatusCode.Unauthorized, statuses);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses); // guessing keys is throttled too
    }

    [Fact]
    public async Task A_nodes_failure_reports_past_its_budget_are_429_and_its_leases_run_on()
    {
        using var data = new TempDirectory();
        await using var host = await ClawTestHost.StartAsync(data.Path,
            "--Claw:Auth:Mode", "Required", "--Claw:Auth:BootstrapKey", Admin, "--Claw:Nodes:MaxFailureReports", "2",
            "--Claw:RateLimits:PermitsPerSecond", "100000", "--Claw:RateLimits:Burst", "100000");
        using var admin = Client(host, Admin);
        var node = ClawApi.NewId("node");
        var nodeKey = (await (await admin.PostJsonAsync("/api/v1/nodes", $$"""{"id":"{{node}}","name":"n","max_concurrent_tasks":3}""")).EnsureSuccessStatusCode().ReadJsonAsync()).Str("node_key");
        using var agent = Client(host, nodeKey);
        var queue = ClawApi.NewId("q");
        var tasks = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            tasks.Add((await (await admin.PostJsonAsync("/api/v1/tasks", $$"""{"queue":"{{queue}}","max_retries":0}""")).EnsureSuccessStatusCode().ReadJsonAsync()).Str("id"));
        }

        var polled = await (await agent.PostJsonAsync($"/api/v1/nodes/{node}/poll", $$"""{"queues":["{{queue}}"],"max_tasks":3,"wait_seconds":5}""")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal(3, polled.GetProperty("assignments").GetArrayLength());
        (await agent.PostJsonAsync($"/api/v1/tasks/{tasks[0]}/fail", """{"error":"broken"}""")).EnsureSuccessStatusCode();
        (await agent.PostJsonAsync($"/api/v1/tasks/{tasks[1]}/fail", """{"error":"broken"}""")).EnsureSuccessStatusCode();
        var third = await agent.PostJsonAsync($"/api/v1/tasks/{tasks[2]}/fail", """{"error":"broken"}""");
        await third.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(third.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("assigned", (await (await admin.GetAsync($"/api/v1/tasks/{tasks[2]}")).ReadJsonAsync()).Str("status"));

        // An operator's failure report is not the node's, and is not limited.
        (await admin.PostJsonAsync($"/api/v1/tasks/{tasks[2]}/fail", """{"error":"operator gave up"}""")).EnsureSuccessStatusCode();
    }

    private static HttpClient Client(ClawTestHost host, string key)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}

using System.Net;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Cluster;

/// <summary>The database dies under a running silo: clear 503s, nothing acknowledged is lost, service resumes by itself.</summary>
public sealed class StorageOutageTests
{
    [Fact]
    public async Task Postgres_stopped_answers_503_storage_unavailable_and_service_resumes_when_it_returns()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        using var data = new TempDirectory();
        await using var host = await ClawTestHost.StartAsync(data.Path, "--storage", "postgres", "--connection-string", postgres.ConnectionString);
        var api = new ClawApi(host.CreateClient());
        var queue = ClawApi.NewId("q");
        var acknowledged = await api.SubmitAsync(queue);

        await postgres.StopServerAsync();
        var refused = await SubmitWithKeyAsync(api, queue, "outage-key");
        await refused.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "storage_unavailable");
        Assert.True(refused.Headers.RetryAfter is not null, "a 503 tells the client when to retry");
        var ready = await api.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("failing", (await ready.ReadJsonAsync()).GetProperty("checks").GetProperty("storage").Str("status"));

        // An active grain whose write fails must not keep the change in memory: the cancel is refused, so it never happened.
        await (await api.Http.PostAsync($"/api/v1/tasks/{acknowledged.Str("id")}/cancel", null)).AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "storage_unavailable");

        await postgres.StartServerAsync();
        await Eventually.Until(async () => (await api.Http.GetAsync("/health/ready")).StatusCode, s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "readiness after the database returned");

        // The refused submit left nothing behind: its retry with the same key creates the task (201), it is no replay.
        var retried = await SubmitWithKeyAsync(api, queue, "outage-key");
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal("pending", await api.StatusAsync(acknowledged.Str("id")));
        var tasks = await (await api.Http.GetAsync($"/api/v1/tasks?queue={queue}")).ReadJsonAsync();
        var ids = tasks.GetProperty("items").EnumerateArray().Select(t => t.Str("id")).ToHashSet();
        Assert.Equal(new HashSet<string> { acknowledged.Str("id"), (await retried.ReadJsonAsync()).Str("id") }, ids);
    }

    private static async Task<HttpResponseMessage> SubmitWithKeyAsync(ClawApi api, string queue, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tasks") { Content = HttpAssertions.Json($$"""{"queue":"{{queue}}"}""") };
        request.Headers.Add("Idempotency-Key", key + queue);
        return await api.Http.SendAsync(request);
    }
}

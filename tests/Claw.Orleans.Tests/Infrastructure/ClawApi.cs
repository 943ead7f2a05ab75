using System.Net;
using System.Text.Json;

namespace Claw.Tests.Infrastructure;

/// <summary>A thin client of the HTTP API, as an agent would call it; every call asserts nothing but its transport.</summary>
public sealed class ClawApi(HttpClient http)
{
    public HttpClient Http => http;

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public async Task<string> RegisterNodeAsync(string? capabilitiesJson = null, int slots = 1, string? extra = null)
    {
        var id = NewId("node");
        var body = $$"""{"id":"{{id}}","name":"{{id}}","max_concurrent_tasks":{{slots}}{{(capabilitiesJson is null ? "" : ",\"capabilities\":" + capabilitiesJson)}}{{extra ?? ""}}}""";
        (await http.PostJsonAsync("/api/v1/nodes", body)).EnsureSuccessStatusCode();
        return id;
    }

    public async Task<JsonElement> SubmitAsync(string queue, string? extra = null)
    {
        var response = await http.PostJsonAsync("/api/v1/tasks", $$"""{"queue":"{{queue}}","type":"test","payload":{"n":1}{{extra ?? ""}}}""");
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    public async Task<List<JsonElement>> PollAsync(string nodeId, string queue, int max = 1, int wait = 0)
    {
        var response = await http.PostJsonAsync($"/api/v1/nodes/{nodeId}/poll", $$"""{"queues":["{{queue}}"],"max_tasks":{{max}},"wait_seconds":{{wait}}}""");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return [.. (await response.ReadJsonAsync()).GetProperty("assignments").EnumerateArray()];
    }

    public async Task<JsonElement> PollOneAsync(string nodeId, string queue, int wait = 5)
    {
        var assignments = await PollAsync(nodeId, queue, 1, wait);
        Assert.True(assignments.Count == 1, $"expected one assignment for {nodeId} on {queue}, got {assignments.Count}");
        return assignments[0];
    }

    public async Task<JsonElement> TaskAsync(string taskId) => await (await http.GetAsync($"/api/v1/tasks/{taskId}")).EnsureSuccessStatusCode().ReadJsonAsync();

    public async Task<string> StatusAsync(string taskId) => (await TaskAsync(taskId)).GetProperty("status").GetString()!;

    public Task<HttpResponseMessage> CompleteLeaseAsync(JsonElement assignment, string result = """{"ok":true}""") =>
        http.PostJsonAsync($"/api/v1/leases/{assignment.Str("lease_id")}/complete", $$"""{"token":"{{assignment.Str("lease_token")}}","result":{{result}}}""");

    public async Task<List<string>> TimelineAsync(string taskId) =>
        [.. (await (await http.GetAsync($"/api/v1/tasks/{taskId}/timeline")).EnsureSuccessStatusCode().ReadJsonAsync()).EnumerateArray().Select(e => e.Str("type"))];
}

using System.Globalization;
using System.Net;
using System.Text.Json;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Schedules;

/// <summary>The schedules API as a client calls it, and the tasks a schedule fired, read back by their unique queue.</summary>
public sealed class ScheduleClient(HttpClient http)
{
    public HttpClient Http => http;

    /// <summary>Creates a schedule of its own queue; answers the schedule (201 asserted).</summary>
    public async Task<JsonElement> CreateAsync(string body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/schedules") { Content = HttpAssertions.Json(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var response = await http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync();
    }

    public async Task<JsonElement> GetAsync(string id) => await (await http.GetAsync($"/api/v1/schedules/{id}")).EnsureSuccessStatusCode().ReadJsonAsync();

    public async Task<long> CountAsync(string id, string counter) => (await GetAsync(id)).GetProperty(counter).GetInt64();

    public async Task<JsonElement> PostAsync(string id, string action) =>
        await (await http.PostAsync($"/api/v1/schedules/{id}/{action}", null)).EnsureSuccessStatusCode().ReadJsonAsync();

    /// <summary>The tasks of a queue (only schedules fire into the tests' queues), oldest slot first.</summary>
    public async Task<List<Fired>> FiredAsync(string queue)
    {
        var tasks = await (await http.GetAsync($"/api/v1/tasks?queue={queue}")).EnsureSuccessStatusCode().ReadJsonAsync();
        return [.. tasks.EnumerateArray().Select(Fired.From).OrderBy(f => f.ScheduledFor)];
    }

    public static string Body(string id, string queue, string spec, string? extra = null) =>
        $$$"""{"id":"{{{id}}}","name":"{{{id}}}",{{{spec}}},"task":{"queue":"{{{queue}}}","type":"scheduled","payload":{"n":1}}{{{extra ?? ""}}}}""";

    public static DateTimeOffset Time(JsonElement element, string property) =>
        DateTimeOffset.Parse(element.Str(property), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}

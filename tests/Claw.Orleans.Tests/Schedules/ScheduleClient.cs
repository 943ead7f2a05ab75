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

/// <summary>A task a schedule fired: its id, the slot it was fired for, and its status.</summary>
public sealed record Fired(string TaskId, DateTimeOffset ScheduledFor, string Status, string ScheduleId)
{
    public static Fired From(JsonElement task)
    {
        var metadata = task.GetProperty("metadata");
        return new Fired(task.Str("id"), ScheduleClient.Time(metadata, "scheduled_for"), task.Str("status"), metadata.Str("schedule_id"));
    }

    /// <summary>Asserts one task per slot, slots one interval apart with none missing; answers the number of slots.</summary>
    public static int AssertContiguous(IReadOnlyList<Fired> fired, TimeSpan interval)
    {
        Assert.NotEmpty(fired);
        Assert.Equal(fired.Count, fired.Select(f => f.ScheduledFor).Distinct().Count());
        Assert.Equal(fired.Count, fired.Select(f => f.TaskId).Distinct().Count());
        for (var i = 1; i < fired.Count; i++)
        {
            Assert.True(fired[i].ScheduledFor - fired[i - 1].ScheduledFor == interval,
                $"slot {i} is {fired[i].ScheduledFor:O} after {fired[i - 1].ScheduledFor:O}: not one interval apart");
        }

        return fired.Count;
    }
}

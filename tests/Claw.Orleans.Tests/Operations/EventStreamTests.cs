using System.Net;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Operations;

/// <summary><c>GET /events</c>: Server-Sent Events of state changes, live and resumed with <c>Last-Event-ID</c>.</summary>
[Collection(OperationsCollection.Name)]
public sealed class EventStreamTests(OperationsFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public async Task A_stream_shows_a_task_s_changes_as_they_commit_with_ids_in_timeline_order()
    {
        var node = await _api.RegisterNodeAsync();
        await using var stream = await SseClient.ConnectAsync(fixture.Host.CreateClient(), $"/api/v1/events?node_id={node}&event_type=task.*");
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);

        var queue = ClawApi.NewId("sse");
        var taskId = (await _api.SubmitAsync(queue)).Str("id");
        var lease = await _api.PollOneAsync(node, queue);
        (await _api.CompleteLeaseAsync(lease)).EnsureSuccessStatusCode();

        var seen = await ReadUntilAsync(stream, e => e.Type == "task.completed" && e.TaskId == taskId);
        Assert.Equal(["task.assigned", "task.completed"], seen.Where(e => e.TaskId == taskId).Select(e => e.Type)); // created and queued carry no node
        Assert.All(seen, e => Assert.Equal(node, e.Data.Str("node_id")));
        Assert.Equal(seen.Select(e => e.Seq).Order(), seen.Select(e => e.Seq));
        Assert.Equal(seen[^1].Seq, seen[^1].Data.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task A_reconnect_with_Last_Event_ID_gets_every_event_written_meanwhile_once()
    {
        var queue = ClawApi.NewId("resume");
        var node = await _api.RegisterNodeAsync(slots: 10);
        string lastId;
        var before = new List<SseEvent>();
        await using (var first = await SseClient.ConnectAsync(fixture.Host.CreateClient(), "/api/v1/events?event_type=task"))
        {
            var taskId = (await _api.SubmitAsync(queue)).Str("id");
            before.AddRange(await ReadUntilAsync(first, e => e.TaskId == taskId && e.Type == "task.queued"));
            lastId = first.LastEventId!;
        }

        // While nobody listens: three more tasks run.
        var later = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            later.Add((await _api.SubmitAsync(queue)).Str("id"));
        }

        foreach (var lease in await _api.PollAsync(node, queue, max: 4, wait: 5))
        {
            (await _api.CompleteLeaseAsync(lease)).EnsureSuccessStatusCode();
        }

        await using var second = await SseClient.ConnectAsync(fixture.Host.CreateClient(), "/api/v1/events?event_type=task", lastId);
        var resumed = await ReadUntilAsync(second, e => e.TaskId == later[^1] && e.Type == "task.completed");
        Assert.All(resumed, e => Assert.True(e.Seq > long.Parse(lastId, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(resumed.Count, resumed.Select(e => e.Seq).Distinct().Count());

        // Exactly what the timeline holds after that id, for these tasks.
        var stored = new List<long>();
        foreach (var taskId in later.Prepend(before.Last().TaskId!))
        {
            var page = await (await _api.Http.GetAsync($"/api/v1/swarm/timeline?task_id={taskId}")).EnsureSuccessStatusCode().ReadJsonAsync();
            stored.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
        }

        var mine = later.Prepend(before.Last().TaskId!).ToHashSet();
        Assert.Equal(
            stored.Where(s => s > long.Parse(lastId, System.Globalization.CultureInfo.InvariantCulture)).Order(),
            resumed.Where(e => mine.Contains(e.TaskId!)).Select(e => e.Seq));
    }

    [Fact]
    public async Task A_stream_from_since_replays_the_stored_events_and_keep_alives_mark_quiet_time()
    {
        var queue = ClawApi.NewId("since");
        var start = DateTimeOffset.UtcNow.AddSeconds(-1);
        var taskId = (await _api.SubmitAsync(queue)).Str("id");
        var since = Uri.EscapeDataString(start.UtcDateTime.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
        await using var stream = await SseClient.ConnectAsync(fixture.Host.CreateClient(), $"/api/v1/events?task_id={taskId}&since={since}");
        var replayed = await ReadUntilAsync(stream, e => e.Type == "task.queued");
        Assert.Equal(["task.created", "task.queued"], replayed.Select(e => e.Type));
        Assert.Null(await stream.NextAsync(TimeSpan.FromSeconds(2.5)));
        Assert.True(stream.Comments >= 1, "no keep-alive in 2.5 s of quiet (they come every second here)");
    }

    [Fact]
    public async Task Bad_filters_and_a_bad_Last_Event_ID_are_refused_before_the_stream_starts()
    {
        await (await _api.Http.GetAsync("/api/v1/events?event_type=!")).AssertInvalidAsync("event_type");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events");
        request.Headers.Add("Last-Event-ID", "yesterday");
        var response = await _api.Http.SendAsync(request);
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        await response.AssertInvalidAsync("last_event_id");
    }

    private static async Task<List<SseEvent>> ReadUntilAsync(SseClient stream, Func<SseEvent, bool> last)
    {
        var seen = new List<SseEvent>();
        var deadline = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < deadline)
        {
            if (await stream.NextAsync(Wait) is not { } next)
            {
                break;
            }

            seen.Add(next);
            if (last(next))
            {
                return seen;
            }
        }

        throw new Xunit.Sdk.XunitException($"the stream ended or stalled after {seen.Count} events: {string.Join(", ", seen.Select(e => e.Type))}");
    }
}

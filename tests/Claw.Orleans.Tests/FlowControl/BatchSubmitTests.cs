using System.Net;
using System.Text;
using System.Text.Json;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.FlowControl;

/// <summary>
/// <c>POST /tasks/batch</c> over real Kestrel and SQLite: answers in order after the commit, refuses a bad item, a
/// conflicting key or a full queue before anything is created, replays keyed items, and what it creates (plain tasks
/// without their grains, the rest through them) is leased and completed like any other task.
/// </summary>
[Collection(FlowCollection.Name)]
public sealed partial class BatchSubmitTests(FlowFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public async Task A_batch_answers_201_with_every_task_in_order_each_stored_with_its_created_and_queued_events()
    {
        var queue = ClawApi.NewId("batch");
        await using var stream = await SseClient.ConnectAsync(fixture.Host.CreateClient(), "/api/v1/events?event_type=task.*");
        var response = await PostBatchAsync(Items(queue, 50));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var items = (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();

        Assert.Equal(Enumerable.Range(0, 50), items.Select(t => t.GetProperty("payload").GetProperty("i").GetInt32()));
        Assert.Equal(50, items.Select(t => t.Str("id")).Distinct().Count());
        Assert.All(items, t => Assert.Equal(("pending", queue), (t.Str("status"), t.Str("queue"))));
        Assert.Equal(50, await CountAsync(queue));
        var stored = await _api.TaskAsync(items[7].Str("id"));
        Assert.Equal(7, stored.GetProperty("payload").GetProperty("i").GetInt32());
        Assert.Equal(["created", "queued"], await _api.TimelineAsync(items[7].Str("id")));

        var ids = items.Select(t => t.Str("id")).ToHashSet();
        var seen = new List<SseEvent>();
        while (seen.Count(e => ids.Contains(e.TaskId!)) < 100)
        {
            var next = await stream.NextAsync(Wait) ?? throw new TimeoutException($"{seen.Count} events of the batch arrived");
            seen.Add(next);
        }

        Assert.All(ids, id => Assert.Equal(["task.created", "task.queued"], seen.Where(e => e.TaskId == id).Select(e => e.Type)));
    }

    [Fact]
    public async Task One_bad_item_refuses_the_batch_naming_its_field_and_nothing_is_created()
    {
        var queue = ClawApi.NewId("bad");
        var items = Items(queue, 5);
        items[3] = """{"queue":"not a queue!","type":"noop"}""";
        items[4] = $$"""{"queue":"{{queue}}","timeout_seconds":0}""";
        var problem = await (await PostBatchAsync(items)).AssertValidationProblemAsync();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("tasks[3].queue", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("tasks[4].timeout_seconds", out _), errors.ToString());
        Assert.Equal(0, await CountAsync(queue));

        await (await PostBatchAsync([])).AssertValidationProblemAsync();
        await (await PostBatchAsync(Items(queue, 1001))).AssertValidationProblemAsync();
        await (await _api.Http.PostJsonAsync("/api/v1/tasks/batch", "{}")).AssertValidationProblemAsync();
        Assert.Equal(0, await CountAsync(queue));
    }

    [Fact]
    public async Task Keyed_items_replay_as_stored_and_a_key_reused_with_another_body_refuses_the_whole_batch()
    {
        var queue = ClawApi.NewId("keys");
        var key = ClawApi.NewId("key");
        var first = await ItemsOfAsync(await PostBatchAsync([Keyed(queue, key, 1), Item(queue, 2)]));

        var again = await ItemsOfAsync(await PostBatchAsync([Keyed(queue, key, 1), Item(queue, 3)]));
        Assert.Equal(first[0].Str("id"), again[0].Str("id")); // the same task, answered as stored
        Assert.NotEqual(first[1].Str("id"), again[1].Str("id"));
        Assert.Equal(3, await CountAsync(queue));

        var conflict = await PostBatchAsync([Item(queue, 4), Keyed(queue, key, 99)]);
        var problem = await conflict.AssertProblemAsync(HttpStatusCode.Conflict, "idempotency_conflict");
        Assert.Contains("tasks[1]", problem.Str("detail"));
        Assert.Equal(3, await CountAsync(queue)); // the plain item before it was not created either

        var duplicate = await PostBatchAsync([Keyed(queue, "twice", 1), Keyed(queue, "twice", 1)]);
        Assert.True((await duplicate.AssertValidationProblemAsync()).GetProperty("errors").TryGetProperty("tasks[1].idempotency_key", out _));

        // A single submit with the same key and body is the same task.
        var single = await _api.Http.PostJsonAsync("/api/v1/tasks", Keyed(queue, key, 1));
        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        Assert.Equal(first[0].Str("id"), (await single.ReadJsonAsync()).Str("id"));

        // An Idempotency-Key header keys every unkeyed item by its place: the whole batch sent again replays.
        var batchKey = ClawApi.NewId("whole");
        var sent = await ItemsOfAsync(await PostBatchAsync(Items(queue, 3), batchKey));
        var resent = await ItemsOfAsync(await PostBatchAsync(Items(queue, 3), batchKey));
        Assert.Equal(sent.Select(t => t.Str("id")), resent.Select(t => t.Str("id")));
        Assert.Equal(6, await CountAsync(queue));

        // An item's own key that spells another item's key under the header would make the two one task: refused.
        var spelled = ClawApi.NewId("spelled");
        var clash = await PostBatchAsync([Keyed(queue, spelled + "#1", 1), Item(queue, 2)], spelled);
        Assert.True((await clash.AssertValidationProblemAsync()).GetProperty("errors").TryGetProperty("tasks[1].idempotency_key", out _));
        Assert.Equal(6, await CountAsync(queue));
    }

    [Fact]
    public async Task Items_needing_their_grain_keep_their_features_beside_plain_ones_in_one_batch()
    {
        var queue = ClawApi.NewId("mixed");
        var later = DateTimeOffset.UtcNow.AddHours(1).ToString("O");
        var items = await ItemsOfAsync(await PostBatchAsync(
        [
            Item(queue, 0),
            $$"""{"queue":"{{queue}}","type":"noop","payload":{"i":1},"requires_approval":true,"approval_timeout_seconds":3600}""",
            $$"""{"queue":"{{queue}}","type":"noop","payload":{"i":2},"run_at":"{{later}}"}""",
            $$"""{"queue":"{{queue}}","type":"noop","payload":{"i":3},"dispatch":"manual"}""",
            Item(queue, 4),
        ]));

        Assert.Equal(["pending", "waiting_input", "pending", "pending", "pending"], items.Select(t => t.Str("status")));
        Assert.Equal(["created", "waiting_input"], await _api.TimelineAsync(items[1].Str("id")));
        Assert.NotEqual(JsonValueKind.Null, (await _api.TaskAsync(items[1].Str("id"))).GetProperty("approval_expires_at").ValueKind);

        var node = await _api.RegisterNodeAsync(online: true, slots: 10);
        var leased = await _api.PollAsync(node, queue, max: 10, wait: 2);
        Assert.Equal(new[] { items[0].Str("id"), items[4].Str("id") }.Order(), leased.Select(a => a.Str("task_id")).Order()); // not the gated, delayed or manual ones

        (await _api.Http.PostJsonAsync($"/api/v1/tasks/{items[1].Str("id")}/approve", "{}")).EnsureSuccessStatusCode();
        Assert.Equal(items[1].Str("id"), (await _api.PollOneAsync(node, queue)).Str("task_id"));
    }

    [Fact]
    public async Task Bulk_created_tasks_are_leased_and_completed_by_a_poller_already_waiting_and_by_a_websocket_worker()
    {
        var queue = ClawApi.NewId("work");
        var poller = await _api.RegisterNodeAsync(online: true);
        var waiting = _api.PollAsync(poller, queue, max: 1, wait: 20);
        await Task.Delay(300); // let the poll start waiting; the assertion holds either way
        var items = await ItemsOfAsync(await PostBatchAsync(Items(queue, 20)));
        var ids = items.Select(t => t.Str("id")).ToHashSet();

        var first = Assert.Single(await waiting);
        Assert.Contains(first.Str("task_id"), ids);
        (await _api.CompleteLeaseAsync(first)).EnsureSuccessStatusCode();

        var worker = await _api.RegisterNodeAsync(slots: 1);
        await using var socket = await WsClient.ConnectAsync(fixture.Host.BaseAddress, worker, $"&queues={queue}");
        var completed = new HashSet<string> { first.Str("task_id") };
        while (completed.Count < ids.Count)
        {
            var assignment = (await socket.ExpectAsync("task_assigned", Wait)).GetProperty("payload");
            await socket.SendAsync("task_complete", new { task_id = assignment.Str("task_id"), success = true, result = new { ok = true } });
            Assert.True(completed.Add(assignment.Str("task_id")), "a task was assigned twice");
        }

        await Eventually.Until(async () => await CountAsync(queue, "completed"), n => n == ids.Count, Wait, "every task of the batch completed");
        Assert.Equal(["created", "queued", "assigned", "completed"], await _api.TimelineAsync(items[5].Str("id")));
    }

    [Fact]
    public async Task A_batch_past_the_queue_s_max_pending_is_refused_429_and_creates_nothing()
    {
        var queue = ClawApi.NewId("full");
        (await _api.Http.PutAsync($"/api/v1/queues/{queue}", HttpAssertions.Json("""{"max_pending":10}"""))).EnsureSuccessStatusCode();
        await ItemsOfAsync(await PostBatchAsync(Items(queue, 5)));

        var shedBefore = await NormalShedAsync();
        var refused = await PostBatchAsync(Items(queue, 5)); // normal fills 80 % of max_pending: 8
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "queue_full");
        Assert.Equal(5, await CountAsync(queue));
        // Each refused task is counted (this collection runs one test at a time; the exporter caches a scrape briefly).
        await Eventually.Until(NormalShedAsync, shed => shed == shedBefore + 5, TimeSpan.FromSeconds(30), "5 normal sheds counted");
        await ItemsOfAsync(await PostBatchAsync(Items(queue, 3)));
        Assert.Equal(8, await CountAsync(queue));
    }

    [Fact]
    public async Task A_body_past_the_batch_limit_is_refused_413()
    {
        var big = new string('x', 1000);
        var items = Enumerable.Range(0, 1000).Select(i => $$$"""{"queue":"big","type":"noop","payload":{"i":{{{i}}},"pad":"{{{big}}}"}}""").ToList();
        Assert.Equal(HttpStatusCode.Created, (await PostBatchAsync(items)).StatusCode); // a megabyte: past the single-request limit, within the batch's

        var huge = new string('x', 20_000);
        var tooMany = Enumerable.Range(0, 1000).Select(i => $$$"""{"queue":"big","payload":{"pad":"{{{huge}}}"}}""").ToList();
        await (await _api.Http.PostLargeJsonAsync("/api/v1/tasks/batch", $"{{\"tasks\":[{string.Join(',', tooMany)}]}}")).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    /// <summary>The sum of <c>claw_queue_shed_total</c> over every queue label, for normal priority.</summary>
    private async Task<long> NormalShedAsync() =>
        NormalShedSample().Matches(await (await _api.Http.GetAsync("/metrics")).Content.ReadAsStringAsync())
            .Sum(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

    [System.Text.RegularExpressions.GeneratedRegex("""claw_queue_shed_total\{[^}]*priority="normal"[^}]*\} (\d+)""")]
    private static partial System.Text.RegularExpressions.Regex NormalShedSample();

    private static string Item(string queue, int i) => $$$"""{"queue":"{{{queue}}}","type":"noop","payload":{"i":{{{i}}}}}""";

    private static string Keyed(string queue, string key, int i) => $$"""{"queue":"{{queue}}","type":"noop","payload":{"i":{{i}}},"idempotency_key":"{{key}}"}""";

    private static List<string> Items(string queue, int count) => [.. Enumerable.Range(0, count).Select(i => Item(queue, i))];

    private async Task<HttpResponseMessage> PostBatchAsync(IReadOnlyList<string> items, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tasks/batch")
        {
            Content = new StringContent($$"""{"tasks":[{{string.Join(',', items)}}]}""", Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await _api.Http.SendAsync(request);
    }

    private static async Task<List<JsonElement>> ItemsOfAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return [.. (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray()];
    }

    private async Task<int> CountAsync(string queue, string? status = null) =>
        (await (await _api.Http.GetAsync($"/api/v1/tasks?queue={queue}&limit=1{(status is null ? "" : "&status=" + status)}")).EnsureSuccessStatusCode().ReadJsonAsync())
            .GetProperty("total").GetInt32();
}

using System.Net;
using System.Text.Json;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Hardening;

/// <summary>
/// Issue 23, part 1: no input may poison later reads. At the door a document nested past the limit or holding text
/// that is not valid Unicode is refused and nothing is stored; behind it, a row stored before the door checked
/// (written here with SQL) is shown with its payload replaced by a marker, and every page, poll and push around it
/// still reads.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class StoredPoisonTests(GatewayFixture fixture)
{
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public async Task A_payload_at_the_depth_limit_is_stored_and_reads_everywhere_one_level_deeper_is_refused()
    {
        var queue = ClawApi.NewId("q");
        var refused = await _api.Http.PostJsonAsync("/api/v1/tasks", $$"""{"queue":"{{queue}}","payload":{{JsonShapes.Deep(33)}}}""");
        var problem = await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("32", problem.GetProperty("errors").GetProperty("payload")[0].GetString(), StringComparison.Ordinal);
        var tooDeepForTheReader = await _api.Http.PostJsonAsync("/api/v1/tasks", $$"""{"queue":"{{queue}}","payload":{{JsonShapes.Deep(100)}}}""");
        await tooDeepForTheReader.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_json");
        Assert.Empty(await BareListAsync($"/api/v1/tasks?queue={queue}"));

        var accepted = await _api.Http.PostJsonAsync("/api/v1/tasks", $$"""{"queue":"{{queue}}","payload":{{JsonShapes.Deep(32)}},"metadata":{{JsonShapes.Deep(32)}}}""");
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        var created = await accepted.ReadJsonAsync();
        var id = created.Str("id");
        Assert.Equal(32, Depth(created.GetProperty("payload")));
        Assert.Equal(32, Depth((await _api.TaskAsync(id)).GetProperty("metadata")));
        Assert.Single(await BareListAsync($"/api/v1/tasks?queue={queue}"));
        Assert.Single(await BareListAsync($"/api/v1/tasks/pending?queue={queue}"));
        var page = await (await _api.Http.GetAsync($"/api/v1/tasks?queue={queue}&limit=10")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal(32, Depth(page.GetProperty("items")[0].GetProperty("payload")));
        var node = await _api.RegisterNodeAsync();
        var assignment = await _api.PollOneAsync(node, queue, wait: 5);
        Assert.Equal(32, Depth(assignment.GetProperty("task_payload")));
    }

    [Theory]
    [InlineData("payload", """{"x":"\ud800"}""")]
    [InlineData("payload", """{"\udc00":1}""")]
    [InlineData("payload", """{"list":["ok","a\udbffb"]}""")]
    [InlineData("metadata", """{"x":"\udc00"}""")]
    [InlineData("type", "\"\\ud800\"")]
    [InlineData("labels", """{"\ud800":"x"}""")]
    public async Task Text_that_is_not_valid_unicode_is_refused_naming_the_field_and_nothing_is_stored(string field, string value)
    {
        var queue = ClawApi.NewId("q");
        var body = $$"""{"queue":"{{queue}}","payload":{"n":1},"{{field}}":{{value}}}""".Replace("\"payload\":{\"n\":1},\"payload\"", "\"payload\"", StringComparison.Ordinal);
        var response = await _api.Http.PostJsonAsync("/api/v1/tasks", body);
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");
        Assert.Empty(await BareListAsync($"/api/v1/tasks?queue={queue}"));
        Assert.Empty(await BareListAsync($"/api/v1/tasks?queue={queue}&status=pending"));
    }

    [Fact]
    public async Task Progress_data_and_results_that_cannot_be_written_back_are_refused_and_the_task_reads_on()
    {
        var queue = ClawApi.NewId("q");
        var task = await _api.SubmitAsync(queue);
        var node = await _api.RegisterNodeAsync();
        var lease = await _api.PollOneAsync(node, queue, wait: 5);
        var proof = $"\"lease_id\":\"{lease.Str("lease_id")}\",\"lease_token\":\"{lease.Str("lease_token")}\"";

        var progress = await _api.Http.PostJsonAsync($"/api/v1/tasks/{task.Str("id")}/progress", $$"""{"percent":10,"data":{"x":"\udc00"},{{proof}}}""");
        Assert.True((await progress.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors").TryGetProperty("data", out _));
        var deep = await _api.Http.PostJsonAsync($"/api/v1/tasks/{task.Str("id")}/complete", $$"""{"result":{{JsonShapes.Deep(33)}},{{proof}}}""");
        Assert.True((await deep.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors").TryGetProperty("result", out _));
        var lone = await _api.CompleteLeaseAsync(lease, """{"x":"\ud800"}""");
        Assert.True((await lone.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors").TryGetProperty("result", out _));

        Assert.Equal("assigned", await _api.StatusAsync(task.Str("id")));
        Assert.Single(await BareListAsync($"/api/v1/tasks?queue={queue}"));
        (await _api.CompleteLeaseAsync(lease, JsonShapes.Deep(32))).EnsureSuccessStatusCode();
        Assert.Equal(32, Depth((await _api.TaskAsync(task.Str("id"))).GetProperty("result")));
    }

    [Fact]
    public async Task Rows_stored_before_the_door_checked_them_read_with_a_marker_in_every_list_get_and_poll()
    {
        var queue = ClawApi.NewId("q");
        var template = await _api.SubmitAsync(ClawApi.NewId("q"));
        // Written before anything touches the queue, so its dispatch index is built from these rows.
        var poisoned = new List<string>
        {
            await PoisonedRows.InsertPendingCopyAsync(fixture.Host, template.Str("id"), queue, JsonShapes.Deep(62)),
            await PoisonedRows.InsertPendingCopyAsync(fixture.Host, template.Str("id"), queue, """{"x":"\ud800"}"""),
            await PoisonedRows.InsertPendingCopyAsync(fixture.Host, template.Str("id"), queue, """{"broken":"""),
        };
        var good = (await _api.SubmitAsync(queue)).Str("id");

        var bare = await BareListAsync($"/api/v1/tasks?queue={queue}");
        Assert.Equal(4, bare.Count);
        AssertMarked(bare, poisoned, good);
        AssertMarked(await BareListAsync($"/api/v1/tasks/pending?queue={queue}"), poisoned, good);
        var paged = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await (await _api.Http.GetAsync($"/api/v1/tasks?queue={queue}&limit=1{(cursor is null ? "" : "&cursor=" + cursor)}")).EnsureSuccessStatusCode().ReadJsonAsync();
            paged.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);

        AssertMarked(paged, poisoned, good);
        foreach (var id in poisoned)
        {
            Assert.True(JsonShapes.IsUnreadableMarker((await _api.TaskAsync(id)).GetProperty("payload")), id);
        }

        var everything = await (await _api.Http.GetAsync("/api/v1/tasks")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal(JsonValueKind.Array, everything.ValueKind);

        var node = await _api.RegisterNodeAsync(slots: 4);
        var assignments = await _api.PollAsync(node, queue, max: 4, wait: 5);
        Assert.Equal(4, assignments.Count);
        Assert.Equal(3, assignments.Count(a => JsonShapes.IsUnreadableMarker(a.GetProperty("task_payload"))));
        foreach (var assignment in assignments)
        {
            (await _api.CompleteLeaseAsync(assignment)).EnsureSuccessStatusCode();
        }

        Assert.All(poisoned, id => Assert.Equal("completed", _api.StatusAsync(id).GetAwaiter().GetResult()));
    }

    [Fact]
    public async Task A_poisoned_row_pushed_over_the_control_channel_arrives_marked_and_the_session_carries_on()
    {
        var queue = ClawApi.NewId("q");
        var template = await _api.SubmitAsync(ClawApi.NewId("q"));
        var deep = await PoisonedRows.InsertPendingCopyAsync(fixture.Host, template.Str("id"), queue, JsonShapes.Deep(62));
        var lone = await PoisonedRows.InsertPendingCopyAsync(fixture.Host, template.Str("id"), queue, """{"x":"\ud800"}""");

        await using var ws = await WsClient.ConnectAsync(fixture.Host.BaseAddress, await _api.RegisterNodeAsync(slots: 2), $"&queues={queue}");
        await ws.ExpectAsync("connected");
        var pushed = new[] { await ws.ExpectAsync("task_assigned"), await ws.ExpectAsync("task_assigned") };
        Assert.Equal(new[] { deep, lone }.Order(), pushed.Select(f => f.GetProperty("payload").Str("task_id")).Order());
        Assert.All(pushed, f => Assert.True(JsonShapes.IsUnreadableMarker(f.GetProperty("payload").GetProperty("task_payload"))));

        await ws.SendAsync("heartbeat", new { });
        await ws.ExpectAsync("heartbeat_ack");
        foreach (var id in new[] { deep, lone })
        {
            await ws.SendAsync("task_complete", new { task_id = id, success = true, result = new { ok = true } });
        }

        foreach (var id in new[] { deep, lone })
        {
            await Eventually.Until(() => _api.StatusAsync(id), s => s == "completed", TimeSpan.FromSeconds(10), $"{id} completed over the socket");
        }
    }

    [Fact]
    public async Task A_step_result_at_the_limit_reaches_the_next_step_and_every_read_of_the_workflow_still_works()
    {
        var queue = ClawApi.NewId("wf");
        var created = await (await _api.Http.PostJsonAsync("/api/v1/workflows", $$$"""
            {"name":"deep","start":true,"queue":"{{{queue}}}","steps":[{"name":"first","payload":{}},{"name":"second","payload":{"own":1},"depends_on":["first"]}]}
            """)).EnsureSuccessStatusCode().ReadJsonAsync();
        var node = await _api.RegisterNodeAsync(slots: 2);
        var first = await _api.PollOneAsync(node, queue);
        await (await _api.CompleteLeaseAsync(first, JsonShapes.Deep(33))).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        (await _api.CompleteLeaseAsync(first, JsonShapes.Deep(32))).EnsureSuccessStatusCode();

        var second = await _api.PollOneAsync(node, queue, wait: 10);
        var inputs = second.GetProperty("task_payload").GetProperty("inputs");
        Assert.Equal(32, Depth(inputs.GetProperty("first")));
        Assert.Equal(34, Depth(second.GetProperty("task_payload")));
        Assert.Equal(34, Depth((await _api.TaskAsync(second.Str("task_id"))).GetProperty("payload")));
        var tasks = await (await _api.Http.GetAsync($"/api/v1/workflows/{created.Str("id")}/tasks")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal(2, tasks.GetProperty("tasks").GetArrayLength());
        Assert.Equal(2, (await BareListAsync($"/api/v1/tasks?workflow_id={created.Str("id")}")).Count);
    }

    private async Task<List<JsonElement>> BareListAsync(string path)
    {
        var response = await _api.Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return [.. JsonDocument.Parse(body).RootElement.Clone().EnumerateArray()];
    }

    private static void AssertMarked(List<JsonElement> tasks, List<string> poisoned, string good)
    {
        Assert.Equal(poisoned.Append(good).Order(), tasks.Select(t => t.Str("id")).Order());
        Assert.All(tasks.Where(t => poisoned.Contains(t.Str("id"))), t => Assert.True(JsonShapes.IsUnreadableMarker(t.GetProperty("payload")), t.ToString()));
        Assert.Equal(1, tasks.Single(t => t.Str("id") == good).GetProperty("payload").GetProperty("n").GetInt32());
    }

    /// <summary>Objects and arrays nested in each other, as the limit counts them.</summary>
    private static int Depth(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => 1 + value.EnumerateObject().Select(p => Depth(p.Value)).DefaultIfEmpty(0).Max(),
        JsonValueKind.Array => 1 + value.EnumerateArray().Select(Depth).DefaultIfEmpty(0).Max(),
        _ => 0,
    };
}

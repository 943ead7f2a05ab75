using System.Net;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Hardening;

/// <summary>
/// Issue 23, part 3: every JSON document field is bounded in bytes by <c>Claw:Tasks:MaxPayloadBytes</c> (20,000 on
/// this host): one byte over is a 413 <c>payload_too_large</c> naming the field, and nothing is stored.
/// </summary>
[Collection(HardeningCollection.Name)]
public sealed class PayloadLimitTests(HardeningFixture fixture)
{
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public async Task A_document_at_the_configured_limit_is_taken_and_one_byte_more_is_413_naming_the_field()
    {
        var queue = ClawApi.NewId("q");
        var atLimit = Padded(HardeningFixture.MaxPayloadBytes);
        var task = await _api.SubmitAsync(queue, $$""","metadata":{{atLimit}}""");

        var over = Padded(HardeningFixture.MaxPayloadBytes + 1);
        foreach (var field in new[] { "payload", "metadata" })
        {
            var response = await _api.Http.PostJsonAsync("/api/v1/tasks", $$"""{"queue":"{{queue}}","{{field}}":{{over}}}""");
            var problem = await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
            Assert.Contains("20000", problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        }

        var node = ClawApi.NewId("node");
        await (await _api.Http.PostJsonAsync("/api/v1/nodes", $$"""{"id":"{{node}}","name":"n","metadata":{{over}}}""")).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        await (await _api.Http.GetAsync($"/api/v1/nodes/{node}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        var workflow = await _api.Http.PostJsonAsync("/api/v1/workflows", $$"""{"name":"w","task_payloads":[{},{{over}}]}""");
        Assert.True((await workflow.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large")).GetProperty("errors").TryGetProperty("task_payloads[1]", out _));

        var lease = await _api.PollOneAsync(await _api.RegisterNodeAsync(), queue, wait: 5);
        Assert.Equal(task.Str("id"), lease.Str("task_id"));
        var result = await _api.CompleteLeaseAsync(lease, over);
        Assert.True((await result.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large")).GetProperty("errors").TryGetProperty("result", out _));
        Assert.Equal("assigned", await _api.StatusAsync(task.Str("id")));
        (await _api.CompleteLeaseAsync(lease, atLimit)).EnsureSuccessStatusCode();
        Assert.Single((await (await _api.Http.GetAsync($"/api/v1/tasks?queue={queue}")).EnsureSuccessStatusCode().ReadJsonAsync()).EnumerateArray());
    }

    /// <summary>A JSON object of exactly <paramref name="bytes"/> bytes: <c>{"pad":"xxx…"}</c>.</summary>
    private static string Padded(int bytes) => "{\"pad\":\"" + new string('x', bytes - 10) + "\"}";
}

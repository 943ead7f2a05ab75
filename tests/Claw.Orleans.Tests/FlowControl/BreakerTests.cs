using System.Text.Json;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.FlowControl;

/// <summary>
/// Circuit breakers over HTTP: a node failing every task of one type trips that type's breaker, the other type still
/// flows to it, and after the cooldown one trial task goes through and its success closes the breaker.
/// </summary>
[Collection(FlowCollection.Name)]
public sealed class BreakerTests(FlowFixture fixture)
{
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public async Task A_node_failing_every_task_of_one_type_trips_that_types_breaker_the_other_type_flows_and_a_trial_closes_it()
    {
        var queue = ClawApi.NewId("breaker");
        var node = await _api.RegisterNodeAsync(slots: 2, online: true);
        foreach (var type in new[] { "bad", "good", "bad", "good", "bad" })
        {
            await SubmitAsync(queue, type);
            await RunOneAsync(node, queue);
        }

        var breakers = await BreakersAsync(node);
        var bad = Assert.Single(breakers, b => b.Str("scope") == "task_type" && b.Str("task_type") == "bad");
        Assert.Equal(3, bad.GetProperty("failures").GetInt32());
        Assert.Equal("open", bad.Str("state"));
        Assert.DoesNotContain(breakers, b => b.Str("scope") == "node" && b.Str("state") != "closed"); // its successes keep the node's own closed
        var halfOpenAt = bad.GetProperty("half_open_at").GetDateTimeOffset();

        // While open, a good task goes to the node and a bad one does not (unless the cooldown already ended: then it is the one trial).
        var badTask = await SubmitAsync(queue, "bad");
        var goodTask = await SubmitAsync(queue, "good");
        var leased = await _api.PollAsync(node, queue, max: 2, wait: 1);
        Assert.Contains(leased, a => a.Str("task_id") == goodTask);
        foreach (var early in leased.Where(a => a.Str("task_id") == badTask))
        {
            Assert.True((await _api.TaskAsync(badTask)).GetProperty("assigned_at").GetDateTimeOffset() >= halfOpenAt, "a barred type was dispatched before the cooldown ended");
        }

        foreach (var lease in leased)
        {
            (await _api.CompleteLeaseAsync(lease)).EnsureSuccessStatusCode();
        }

        // After the cooldown the trial goes out, one at a time, and its success closes the breaker.
        var another = await SubmitAsync(queue, "bad");
        if (leased.All(a => a.Str("task_id") != badTask))
        {
            var trial = await Eventually.Until(() => _api.PollAsync(node, queue, max: 2, wait: 2), l => l.Count > 0, TimeSpan.FromSeconds(60), "the trial task");
            Assert.Single(trial); // one trial, though two bad tasks wait and two slots are free
            Assert.True((await _api.TaskAsync(trial[0].Str("task_id"))).GetProperty("assigned_at").GetDateTimeOffset() >= halfOpenAt);
            (await _api.CompleteLeaseAsync(trial[0])).EnsureSuccessStatusCode();
        }

        await Eventually.Until(() => BreakersAsync(node), b => b.All(x => x.Str("state") == "closed"), TimeSpan.FromSeconds(30), "the breaker to close");
        var rest = await Eventually.Until(() => _api.PollAsync(node, queue, max: 2, wait: 1), l => l.Count > 0, TimeSpan.FromSeconds(30), "the bad type to flow again");
        Assert.Contains(rest, a => a.Str("task_id") == another || a.Str("task_id") == badTask);

        var events = await (await _api.Http.GetAsync($"/api/v1/swarm/timeline?node_id={node}&event_type=node.breaker_opened,node.breaker_closed")).EnsureSuccessStatusCode().ReadJsonAsync();
        var types = events.GetProperty("items").EnumerateArray().Select(e => e.Str("type")).ToList();
        Assert.Contains("node.breaker_opened", types);
        Assert.Contains("node.breaker_closed", types);
        var status = await (await _api.Http.GetAsync("/api/v1/swarm/monitoring/status")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.True(status.GetProperty("subsystems").GetProperty("dispatch").GetProperty("figures").TryGetProperty("breakers_tripped", out _));
    }

    [Fact]
    public async Task The_breakers_of_an_unknown_node_are_not_found()
    {
        var response = await _api.Http.GetAsync($"/api/v1/nodes/{ClawApi.NewId("ghost")}/breakers");
        await response.AssertProblemAsync(System.Net.HttpStatusCode.NotFound, "not_found");
    }

    private async Task<string> SubmitAsync(string queue, string type)
    {
        var response = await _api.Http.PostJsonAsync("/api/v1/tasks", $$"""{"queue":"{{queue}}","type":"{{type}}","max_retries":0}""");
        return (await response.EnsureSuccessStatusCode().ReadJsonAsync()).Str("id");
    }

    /// <summary>Takes the next task: fails a <c>bad</c> one, completes a <c>good</c> one.</summary>
    private async Task RunOneAsync(string node, string queue)
    {
        var assignment = await _api.PollOneAsync(node, queue);
        if (assignment.Str("type") == "bad")
        {
            (await _api.Http.PostJsonAsync($"/api/v1/leases/{assignment.Str("lease_id")}/fail",
                $$"""{"token":"{{assignment.Str("lease_token")}}","error":"it always breaks","retriable":false}""")).EnsureSuccessStatusCode();
        }
        else
        {
            (await _api.CompleteLeaseAsync(assignment)).EnsureSuccessStatusCode();
        }
    }

    private async Task<List<JsonElement>> BreakersAsync(string node) =>
        [.. (await (await _api.Http.GetAsync($"/api/v1/nodes/{node}/breakers")).EnsureSuccessStatusCode().ReadJsonAsync()).GetProperty("breakers").EnumerateArray()];
}

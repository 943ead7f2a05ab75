using System.Net;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.FlowControl;

/// <summary>Concurrency keys over HTTP: at most the limit run at once per key, and dispatch takes turns across keys.</summary>
[Collection(FlowCollection.Name)]
public sealed class ConcurrencyKeyTests(FlowFixture fixture)
{
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public async Task A_key_with_a_deep_backlog_does_not_put_a_key_with_ten_tasks_behind_it()
    {
        const int Big = 300;
        var queue = ClawApi.NewId("fair");
        var (big, small) = (ClawApi.NewId("big"), ClawApi.NewId("small"));
        await SubmitManyAsync(queue, big, Big);
        await SubmitManyAsync(queue, small, 10); // every one of them created after the whole big backlog

        var node = await _api.RegisterNodeAsync(online: true);
        var order = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var assignment = await _api.PollOneAsync(node, queue);
            order.Add((await _api.TaskAsync(assignment.Str("task_id"))).Str("concurrency_key"));
            (await _api.CompleteLeaseAsync(assignment)).EnsureSuccessStatusCode();
        }

        // In turns: the ten small tasks all went out among the first twenty, not after the three hundred big ones.
        Assert.Equal(10, order.Count(k => k == small));
        Assert.Equal(10, order.Count(k => k == big));
        var view = await (await _api.Http.GetAsync($"/api/v1/queues/{queue}")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal(Big - 10, view.GetProperty("pending").GetInt32());
    }

    [Fact]
    public async Task At_most_the_limit_of_one_key_runs_at_once_across_nodes_and_a_freed_slot_lets_the_next_run()
    {
        var queue = ClawApi.NewId("limit");
        var key = ClawApi.NewId("tenant");
        var ids = await SubmitManyAsync(queue, key, 5, limit: 2);
        var other = (await _api.SubmitAsync(queue, """,\"concurrency_key\":\"someone-else\",\"concurrency_limit\":1""".Replace("\\", ""))).Str("id");
        var (first, second) = (await _api.RegisterNodeAsync(slots: 5, online: true), await _api.RegisterNodeAsync(slots: 5, online: true));

        var leased = (await _api.PollAsync(first, queue, max: 5, wait: 1)).Concat(await _api.PollAsync(second, queue, max: 5, wait: 1)).ToList();
        var ofKey = leased.Where(a => ids.Contains(a.Str("task_id"))).ToList();
        Assert.Equal(2, ofKey.Count);
        Assert.Contains(leased, a => a.Str("task_id") == other); // another key is not held back by the full one

        (await _api.CompleteLeaseAsync(ofKey[0])).EnsureSuccessStatusCode();
        var next = await Eventually.Until(() => _api.PollAsync(second, queue, max: 5, wait: 2), l => l.Count > 0, TimeSpan.FromSeconds(60), "the next task of the key after a slot freed");
        Assert.Single(next);
        Assert.Contains(next[0].Str("task_id"), ids);
        Assert.Empty(await _api.PollAsync(first, queue, max: 5, wait: 1)); // two run again: the limit
    }

    private async Task<List<string>> SubmitManyAsync(string queue, string key, int count, int limit = 10_000)
    {
        var ids = new List<string>();
        foreach (var chunk in Enumerable.Range(0, count).Chunk(8))
        {
            var responses = await Task.WhenAll(chunk.Select(_ => _api.Http.PostJsonAsync("/api/v1/tasks",
                $$"""{"queue":"{{queue}}","type":"t","concurrency_key":"{{key}}","concurrency_limit":{{limit}}}""")));
            foreach (var response in responses)
            {
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                ids.Add((await response.ReadJsonAsync()).Str("id"));
            }
        }

        return ids;
    }
}

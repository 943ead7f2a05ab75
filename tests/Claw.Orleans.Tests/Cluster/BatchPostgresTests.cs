using System.Net;
using Claw.Tests.Infrastructure;
using Npgsql;

namespace Claw.Tests.Cluster;

/// <summary>
/// <c>POST /tasks/batch</c> on a host over PostgreSQL: the set-based statement stores each task with exactly its created
/// and queued events, a keyed item replays, a conflicting one refuses the batch, and a poller that was already waiting
/// leases and completes every task.
/// </summary>
public sealed class BatchPostgresTests
{
    /// <summary>A full batch: with a thousand rows PostgreSQL plans the events' statement as it does under load (a merge join once put them out of order).</summary>
    private const int Count = 1000;

    [Fact]
    public async Task A_batch_on_postgres_stores_each_task_with_its_events_replays_keys_and_its_tasks_complete()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        using var data = new TempDirectory();
        await using var host = await ClawTestHost.StartAsync(data.Path, "--storage", "postgres", "--connection-string", postgres.ConnectionString, "--cluster-id", ClawApi.NewId("batch"));
        var api = new ClawApi(host.CreateClient());
        var queue = ClawApi.NewId("pgb");
        var node = await api.RegisterNodeAsync(online: true, slots: 100);
        var waiting = api.PollAsync(node, queue, max: 1, wait: 20);
        await Task.Delay(300); // let the poll start waiting; the assertions hold either way

        var items = Enumerable.Range(0, Count).Select(i => $$$"""{"queue":"{{{queue}}}","type":"noop","payload":{"i":{{{i}}}}}""").ToList();
        items[0] = $$"""{"queue":"{{queue}}","type":"noop","payload":{"i":0},"idempotency_key":"pg-key-{{queue}}"}""";
        var created = await ItemsAsync(await api.Http.PostJsonAsync("/api/v1/tasks/batch", Body(items)));
        Assert.Equal(Enumerable.Range(0, Count), created.Select(t => t.GetProperty("payload").GetProperty("i").GetInt32()));

        await using var db = new NpgsqlConnection(postgres.ConnectionString);
        await db.OpenAsync();
        Assert.Equal((long)Count, await ScalarAsync(db, $"SELECT count(*) FROM claw_tasks WHERE queue = '{queue}'"));
        Assert.Equal(0L, await ScalarAsync(db, $"SELECT count(*) FROM claw_tasks t WHERE t.queue = '{queue}' AND (SELECT string_agg(e.type, ',' ORDER BY e.seq) FROM claw_events e WHERE e.task_id = t.id) NOT LIKE 'task.created,task.queued%'")); // the waiting poller may have leased one already

        var replayed = await ItemsAsync(await api.Http.PostJsonAsync("/api/v1/tasks/batch", Body([items[0]])));
        Assert.Equal(created[0].Str("id"), replayed[0].Str("id"));
        var conflict = await api.Http.PostJsonAsync("/api/v1/tasks/batch", Body([items[1], items[0].Replace("\"noop\"", "\"other\"")]));
        await conflict.AssertProblemAsync(HttpStatusCode.Conflict, "idempotency_conflict");
        Assert.Equal((long)Count, await ScalarAsync(db, $"SELECT count(*) FROM claw_tasks WHERE queue = '{queue}'"));

        var leased = new List<System.Text.Json.JsonElement>();
        var next = await waiting;
        var deadline = DateTimeOffset.UtcNow.AddMinutes(2);
        while (leased.Count < Count && DateTimeOffset.UtcNow < deadline)
        {
            await Task.WhenAll(next.Select(async a => (await api.CompleteLeaseAsync(a)).EnsureSuccessStatusCode()));
            leased.AddRange(next);
            next = await api.PollAsync(node, queue, max: 100, wait: 2);
        }

        Assert.Empty(await api.PollAsync(node, queue, max: 100, wait: 0));
        Assert.Equal(created.Select(t => t.Str("id")).Order(), leased.Select(a => a.Str("task_id")).Order());
        Assert.Equal((long)Count, await ScalarAsync(db, $"SELECT count(*) FROM claw_tasks WHERE queue = '{queue}' AND status = 'completed'"));
    }

    private static string Body(IEnumerable<string> items) => $$"""{"tasks":[{{string.Join(',', items)}}]}""";

    private static async Task<List<System.Text.Json.JsonElement>> ItemsAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return [.. (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray()];
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

using System.Net;
using System.Text.Json;
using Claw.Client;
using Claw.Client.Events;
using Claw.Client.Schedules;
using Claw.Client.Swarms;
using Claw.Client.Tasks;
using Claw.Client.Workflows;

namespace Claw.Tests.Clients;

/// <summary>The typed client against a real host: workflows, swarms, schedules, keys, monitoring, the timeline and the event stream.</summary>
[Collection(ClientsCollection.Name)]
public sealed class ClientResourceRoutesTests(ClientsFixture fixture)
{
    private ClawClient Client => fixture.Client;

    [Fact]
    public async Task A_batch_is_submitted_in_order_replays_under_its_key_and_refuses_a_reused_item_key()
    {
        var queue = ClientsFixture.Unique("q");
        var tasks = Enumerable.Range(0, 5).Select(i => new SubmitTaskRequest { Queue = queue, Type = "noop", Payload = JsonSerializer.SerializeToElement(new { i }) }).ToList();
        var created = await Client.Tasks.SubmitBatchAsync(tasks, idempotencyKey: "client-batch-" + queue);
        Assert.Equal([0, 1, 2, 3, 4], created.Select(t => t.Payload!.Value.GetProperty("i").GetInt32()));
        Assert.All(created, t => Assert.Equal((TaskStatuses.Pending, queue), (t.Status, t.Queue)));

        var again = await Client.Tasks.SubmitBatchAsync(tasks, idempotencyKey: "client-batch-" + queue);
        Assert.Equal(created.Select(t => t.Id), again.Select(t => t.Id));

        var keyed = tasks[0] with { IdempotencyKey = "item-" + queue };
        var first = Assert.Single(await Client.Tasks.SubmitBatchAsync([keyed]));
        var conflict = await Assert.ThrowsAsync<ClawApiException>(() => Client.Tasks.SubmitBatchAsync([keyed with { Type = "other" }]));
        Assert.Equal((HttpStatusCode.Conflict, "idempotency_conflict"), (conflict.Status, conflict.Code));
        Assert.Equal(first.Id, (await Client.Tasks.GetAsync(first.Id)).Id);
    }

    [Fact]
    public async Task A_dag_workflow_from_json_is_created_read_started_cancelled_and_deleted()
    {
        var queue = ClientsFixture.Unique("q");
        var json = $$"""
            {"name":"etl","queue":"{{queue}}","steps":[
              {"name":"extract","payload":{"src":"s3://a"},"timeout_seconds":60},
              {"name":"load","depends_on":["extract"],"max_retries":1}]}
            """;
        var request = JsonSerializer.Deserialize<CreateWorkflowRequest>(json, Claw.Client.Http.ClawJson.Options)!;
        var created = await Client.Workflows.CreateAsync(request);
        Assert.Equal(("etl", "pending", 2), (created.Name, created.Status, created.TaskIds.Count));

        var tasks = await Client.Workflows.TasksAsync(created.Id);
        Assert.Equal([TaskStatuses.Pending, TaskStatuses.Waiting], tasks.Tasks.Select(t => t.Status));
        Assert.Equal((60, queue), (tasks.Tasks[0].TimeoutSeconds, tasks.Tasks[0].Queue)); // the file's other fields travelled on
        Assert.Equal(["extract"], (await Client.Workflows.GetAsync(created.Id)).Steps[1].DependsOn);
        Assert.Contains(created.Id, await Client.Workflows.ListAsync(pageSize: 500).Select(w => w.Id).ToListAsync());

        Assert.Equal("in_progress", (await Client.Workflows.StartAsync(created.Id)).Status);
        Assert.Equal("cancelled", (await Client.Workflows.CancelAsync(created.Id, "enough")).Status);
        await Client.Workflows.DeleteAsync(created.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ClawApiException>(() => Client.Workflows.GetAsync(created.Id))).Status);
    }

    [Fact]
    public async Task A_swarm_is_created_paused_resumed_joined_judged_and_stopped()
    {
        var node = await Client.Nodes.RegisterAsync(new Claw.Client.Nodes.RegisterNodeRequest { Name = "member" });
        var swarm = await Client.Swarms.CreateAsync(new CreateSwarmRequest { Name = ClientsFixture.Unique("swarm"), MaxConcurrentTasks = 4 });
        Assert.Contains(swarm.Id, await Client.Swarms.ListAsync().Select(s => s.Id).ToListAsync());
        Assert.Equal("paused", (await Client.Swarms.PauseAsync(swarm.Id)).Status);
        Assert.Equal("running", (await Client.Swarms.ResumeAsync(swarm.Id)).Status);
        Assert.Equal([node.Id], (await Client.Swarms.AddNodeAsync(swarm.Id, node.Id)).NodeIds);
        var health = await Client.Swarms.HealthAsync(swarm.Id);
        Assert.Equal((swarm.Id, 1), (health.SwarmId, health.MembersTotal));
        await Client.Swarms.RemoveNodeAsync(swarm.Id, node.Id);
        Assert.Empty((await Client.Swarms.GetAsync(swarm.Id)).NodeIds);
        Assert.Equal("stopped", (await Client.Swarms.StopAsync(swarm.Id)).Status);
        await Client.Swarms.DeleteAsync(swarm.Id);
    }

    [Fact]
    public async Task A_schedule_is_created_paused_resumed_triggered_and_deleted()
    {
        var queue = ClientsFixture.Unique("q");
        var schedule = await Client.Schedules.CreateAsync(new CreateScheduleRequest
        {
            Id = ClientsFixture.Unique("sched"),
            Name = "nightly",
            Cron = "0 3 * * *",
            TimeZone = "Europe/Berlin",
            Task = new SubmitTaskRequest { Queue = queue, Dispatch = "manual" },
        });
        Assert.Equal(("0 3 * * *", "Europe/Berlin"), (schedule.Cron, schedule.TimeZone));
        Assert.Contains(schedule.Id, await Client.Schedules.ListAsync().Select(s => s.Id).ToListAsync());
        Assert.Equal("paused", (await Client.Schedules.PauseAsync(schedule.Id)).Status);
        Assert.Equal("active", (await Client.Schedules.ResumeAsync(schedule.Id)).Status);

        var fired = await Client.Schedules.TriggerAsync(schedule.Id);
        Assert.Equal(queue, fired.Queue);
        Assert.Equal(fired.Id, (await Client.Schedules.GetAsync(schedule.Id)).LastTaskId);
        await Client.Schedules.DeleteAsync(schedule.Id);
    }

    [Fact]
    public async Task Keys_are_created_listed_and_revoked_and_the_caller_is_named()
    {
        var key = await Client.Keys.CreateAsync(new Claw.Client.Auth.CreateKeyRequest(ClientsFixture.Unique("ci"), "reader"));
        Assert.StartsWith($"claw_{key.Id}_", key.Key);
        var listed = await Client.Keys.ListAsync(pageSize: 1).FirstAsync(k => k.Id == key.Id);
        Assert.Null(listed.Key);
        Assert.NotNull((await Client.Keys.RevokeAsync(key.Id)).RevokedAt);
        Assert.Equal("anonymous", (await Client.Keys.MeAsync()).Kind);
    }

    [Fact]
    public async Task Health_status_and_the_timeline_describe_the_cluster()
    {
        Assert.Equal("ok", (await Client.Monitoring.HealthAsync()).Status);
        var cluster = await Client.Monitoring.ClusterHealthAsync();
        Assert.NotEmpty(cluster.Status);
        var status = await Client.Monitoring.StatusAsync();
        Assert.NotEmpty(status.Subsystems);
        Assert.Equal(JsonValueKind.Object, (await Client.Monitoring.ThresholdsAsync()).ValueKind);

        var task = await Client.Tasks.SubmitAsync(new SubmitTaskRequest { Queue = ClientsFixture.Unique("q"), Dispatch = "manual" });
        await Client.Tasks.CancelAsync(task.Id);
        var events = await Infrastructure.Eventually.Until(
            () => Client.Monitoring.TimelineAsync(new EventFilter(TaskId: task.Id), pageSize: 1).ToListAsync().AsTask(),
            list => list.Any(e => e.Type == "task.cancelled"), TimeSpan.FromSeconds(30), "the task's events in the timeline");
        Assert.Equal(["task.cancelled", "task.queued", "task.created"], events.Select(e => e.Type)); // newest first, one per page
    }

    [Fact]
    public async Task The_event_stream_delivers_each_event_once_and_resumes_after_an_id()
    {
        var queue = ClientsFixture.Unique("q");
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var task = await Client.Tasks.SubmitAsync(new SubmitTaskRequest { Queue = queue, Dispatch = "manual" });
        using var reading = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var seen = new List<ClawEvent>();
        await foreach (var change in Client.Events.StreamAsync(new EventFilter(TaskId: task.Id, Since: since), cancellationToken: reading.Token))
        {
            seen.Add(change);
            if (change.Type == "task.created")
            {
                await Client.Tasks.CancelAsync(task.Id);
            }

            if (change.Type == "task.cancelled")
            {
                break;
            }
        }

        Assert.Equal(["task.created", "task.queued", "task.cancelled"], seen.Select(e => e.Type));
        Assert.All(seen, e => Assert.Equal(task.Id, e.TaskId));

        // From the second event's id, the stream goes on with the third and nothing before it.
        await Client.Tasks.RetryAsync(task.Id);
        var resumed = await Client.Events.StreamAsync(new EventFilter(TaskId: task.Id), lastEventId: seen[1].Id, cancellationToken: reading.Token)
            .Take(2).ToListAsync(reading.Token);
        Assert.Equal(["task.cancelled", "task.retried"], resumed.Select(e => e.Type));
        Assert.Equal(seen[2].Id, resumed[0].Id);
    }
}

using Claw.Tests.Infrastructure;

namespace Claw.Tests.Cluster;

/// <summary>The real host on PostgreSQL: ADO.NET clustering (membership), reminders and our tables.</summary>
public sealed class PostgresHostTests
{
    [Fact]
    public async Task Two_hosts_on_one_database_form_one_cluster_and_share_nodes_and_tasks()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        using var dataA = new TempDirectory();
        using var dataB = new TempDirectory();
        string[] pg = ["--storage", "postgres", "--connection-string", postgres.ConnectionString, "--cluster-id", "claw-two"];
        await using var a = await ClawTestHost.StartAsync(dataA.Path, pg);
        await using var b = await ClawTestHost.StartAsync(dataB.Path, pg);
        var apiA = new ClawApi(a.CreateClient());
        var apiB = new ClawApi(b.CreateClient());

        var queue = ClawApi.NewId("q");
        var task = await apiA.SubmitAsync(queue);
        var node = await apiB.RegisterNodeAsync();
        var lease = await apiB.PollOneAsync(node, queue, wait: 5);
        Assert.Equal(task.Str("id"), lease.Str("task_id"));
        (await apiA.CompleteLeaseAsync(lease)).EnsureSuccessStatusCode();
        Assert.Equal("completed", await apiB.StatusAsync(task.Str("id")));

        var ready = await (await apiB.Http.GetAsync("/health/ready")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Contains("postgres", ready.GetProperty("checks").GetProperty("storage").Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_connected_to_one_silo_is_pushed_tasks_submitted_through_another()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        using var dataA = new TempDirectory();
        using var dataB = new TempDirectory();
        string[] pg = ["--storage", "postgres", "--connection-string", postgres.ConnectionString, "--cluster-id", "claw-push"];
        await using var a = await ClawTestHost.StartAsync(dataA.Path, pg);
        await using var b = await ClawTestHost.StartAsync(dataB.Path, pg);
        var apiA = new ClawApi(a.CreateClient());
        var apiB = new ClawApi(b.CreateClient());

        var queue = ClawApi.NewId("q");
        var bot = await apiB.RegisterNodeAsync(slots: 4);
        await using var ws = await WsClient.ConnectAsync(b.BaseAddress, bot, $"&queues={queue}");
        await ws.ExpectAsync("connected");
        var tasks = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            tasks.Add((await apiA.SubmitAsync(queue)).Str("id"));
        }

        foreach (var _ in tasks)
        {
            var assigned = (await ws.ExpectAsync("task_assigned")).GetProperty("payload");
            await ws.SendAsync("task_complete", new { task_id = assigned.Str("task_id"), success = true });
        }

        foreach (var id in tasks)
        {
            await Eventually.Until(() => apiA.StatusAsync(id), s => s == "completed", TimeSpan.FromSeconds(10), $"task {id} to complete");
        }

        var sessions = await (await apiA.Http.GetAsync("/api/v1/ws/connections")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Single(sessions.GetProperty("bot_ids").EnumerateArray(), id => id.GetString() == bot); // ClawBot's {count, bot_ids}
    }

    [Fact]
    public async Task State_and_the_liveness_reminder_survive_a_restart_on_postgres()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        using var data = new TempDirectory();
        string[] args = ["--storage", "postgres", "--connection-string", postgres.ConnectionString, "--crash-after", "00:00:02", "--Claw:MinimumReminderPeriod", "00:00:01"];
        string node;
        string taskId;
        await using (var first = await ClawTestHost.StartAsync(data.Path, args))
        {
            var api = new ClawApi(first.CreateClient());
            node = await api.RegisterNodeAsync("""["pg"]""");
            taskId = (await api.SubmitAsync(ClawApi.NewId("q"))).Str("id");
        }

        await using var second = await ClawTestHost.StartAsync(data.Path, args);
        var again = new ClawApi(second.CreateClient());
        Assert.Equal("pending", await again.StatusAsync(taskId));
        await Eventually.Until(async () => (await (await again.Http.GetAsync($"/api/v1/nodes/{node}")).ReadJsonAsync()).Str("status"),
            s => s == "offline", TimeSpan.FromSeconds(30), "the silent node to be declared crashed after the restart");
    }

    [Fact]
    public async Task A_separate_gateway_process_serves_the_api_for_silos_it_finds_in_the_membership_table()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        using var data = new TempDirectory();
        string[] pg = ["--storage", "postgres", "--connection-string", postgres.ConnectionString, "--cluster-id", "claw-gw"];
        await using var silo = await ClawTestHost.StartAsync(data.Path, pg);
        await using var gateway = await ClawTestHost.StartGatewayAsync(pg);
        var viaGateway = new ClawApi(gateway.CreateClient());
        var viaSilo = new ClawApi(silo.CreateClient());

        (await viaGateway.Http.GetAsync("/health/ready")).EnsureSuccessStatusCode();
        var queue = ClawApi.NewId("q");
        var task = await viaGateway.SubmitAsync(queue);
        var node = await viaGateway.RegisterNodeAsync();
        var lease = await viaGateway.PollOneAsync(node, queue, wait: 5);
        (await viaGateway.CompleteLeaseAsync(lease)).EnsureSuccessStatusCode();
        Assert.Equal("completed", await viaSilo.StatusAsync(task.Str("id")));
        Assert.Equal("text/html", (await viaGateway.Http.GetAsync("/dashboard/")).Content.Headers.ContentType?.MediaType);
    }
}

using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Claw.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Claw.Tests.Cluster;

/// <summary>kill -9 of a real silo process on PostgreSQL, with tasks leased and running through it.</summary>
public sealed class SiloKillTests(ITestOutputHelper output)
{
    private const int PerGroup = 20;

    /// <summary>Long enough that the orphaned leases are still live when the silo dies, so their grains' timers die with it.</summary>
    private const int OrphanLeaseSeconds = 12;

    [Fact]
    public async Task Killing_a_silo_process_with_leases_in_flight_ends_every_task_exactly_once_on_the_survivor()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        using var data = new TempDirectory();
        string[] pg = ["--storage", "postgres", "--connection-string", postgres.ConnectionString, "--cluster-id", "claw-kill9", "--Claw:Dispatch:SweepInterval", "00:00:01"];
        await using var victim = await SiloProcess.StartAsync(data.Path, pg);

        // Everything is set up while the victim is the only silo, so every grain of the run lives there.
        var viaVictim = new ClawApi(victim.CreateClient());
        var steadyQueue = ClawApi.NewId("steady");
        var orphanQueue = ClawApi.NewId("orphan");
        var steadyTasks = await SubmitAsync(viaVictim, steadyQueue, timeoutSeconds: 120);
        var orphanTasks = await SubmitAsync(viaVictim, orphanQueue, timeoutSeconds: OrphanLeaseSeconds);
        var steady = await viaVictim.RegisterNodeAsync(slots: PerGroup);
        var orphaned = await viaVictim.RegisterNodeAsync(slots: PerGroup);
        var steadyLeases = await viaVictim.PollAsync(steady, steadyQueue, max: PerGroup, wait: 5);
        var orphanLeases = await viaVictim.PollAsync(orphaned, orphanQueue, max: PerGroup, wait: 5);
        Assert.Equal(PerGroup, steadyLeases.Count);
        Assert.Equal(PerGroup, orphanLeases.Count);

        await using var survivor = await ClawTestHost.StartAsync(data.Path, [.. pg, "--Logging:LogLevel:Orleans.Runtime", "Error"]);
        var viaSurvivor = new ClawApi(survivor.CreateClient());
        var management = survivor.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        await Eventually.Until(async () => (await management.GetHosts(onlyActive: true)).Count, n => n == 2, TimeSpan.FromSeconds(30), "both silos to be active");
        // The joiner's view of the grain directory settles a moment after it becomes active (slower on a busy machine).
        await Eventually.Until(
            () => CountOnOtherSiloAsync(survivor, management, [.. steadyTasks, .. orphanTasks]),
            onVictim => onVictim == 2 * PerGroup,
            TimeSpan.FromSeconds(30),
            "every task grain to be found on the victim");

        victim.Kill();
        var killed = Stopwatch.StartNew();

        // The steady node keeps working through the survivor: its leases outlive the dead silo and complete.
        var completions = steadyLeases.Select(lease => CompleteWhenReachableAsync(viaSurvivor, lease)).ToList();

        // The orphaned node died with the silo: its leases expire and a rescuer on the survivor gets every task again.
        var rescuer = ClawApi.NewId("rescuer");
        await ThroughFaultsAsync(() => viaSurvivor.Http.PostJsonAsync("/api/v1/nodes", $$"""{"id":"{{rescuer}}","name":"rescuer","max_concurrent_tasks":{{PerGroup}}}"""));
        var releasedAt = new List<TimeSpan>();
        var lateness = new List<TimeSpan>();
        var rescued = new List<JsonElement>();
        while (rescued.Count < PerGroup && killed.Elapsed < TimeSpan.FromSeconds(90))
        {
            var got = await PollThroughFaultsAsync(viaSurvivor, rescuer, orphanQueue);
            rescued.AddRange(got);
            releasedAt.AddRange(got.Select(_ => killed.Elapsed));
            lateness.AddRange(got.Select(lease => DateTimeOffset.UtcNow - DeadlineOf(orphanLeases, lease.Str("task_id"))));
        }

        Assert.Equal(PerGroup, rescued.Count);
        foreach (var lease in rescued)
        {
            (await viaSurvivor.CompleteLeaseAsync(lease)).EnsureSuccessStatusCode();
        }

        var steadyStatuses = await Task.WhenAll(completions);
        output.WriteLine($"orphaned leases re-dispatched {releasedAt.Min().TotalSeconds:F1}-{releasedAt.Max().TotalSeconds:F1} s after kill -9, " +
                         $"{lateness.Min().TotalSeconds:F1}-{lateness.Max().TotalSeconds:F1} s after their deadline ({OrphanLeaseSeconds} s leases); " +
                         $"steady completions accepted: {steadyStatuses.Count(s => s == HttpStatusCode.OK)}");
        Assert.All(lateness, late => Assert.True(late >= TimeSpan.Zero, "a lease was handed out again before its deadline"));
        Assert.All(steadyStatuses, status => Assert.Equal(HttpStatusCode.OK, status));
        foreach (var id in steadyTasks.Concat(orphanTasks))
        {
            Assert.Equal("completed", await viaSurvivor.StatusAsync(id));
            Assert.Single(await viaSurvivor.TimelineAsync(id), type => type == "completed");
        }

        Assert.All(orphanTasks, id => Assert.Contains(rescued, lease => lease.Str("task_id") == id));
    }

    [Fact]
    public async Task A_workflow_whose_silo_is_killed_right_after_a_step_completes_finishes_on_the_survivor()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        using var data = new TempDirectory();
        string[] pg =
        [
            "--storage", "postgres", "--connection-string", postgres.ConnectionString, "--cluster-id", "claw-kill-workflow",
            "--Claw:MinimumReminderPeriod", "00:00:01", "--Claw:Workflows:RedriveInterval", "00:00:02", "--Claw:Dispatch:SweepInterval", "00:00:01",
        ];
        await using var victim = await SiloProcess.StartAsync(data.Path, pg);
        var viaVictim = new ClawApi(victim.CreateClient());
        var queue = ClawApi.NewId("wf-kill");
        var created = await (await viaVictim.Http.PostJsonAsync("/api/v1/workflows", $$"""
            {"name":"interrupted","start":true,"queue":"{{queue}}","steps":[{"name":"a"},{"name":"b","depends_on":["a"]},{"name":"c","depends_on":["b"]}]}
            """)).EnsureSuccessStatusCode().ReadJsonAsync();
        var workflow = created.Str("id");
        var node = await viaVictim.RegisterNodeAsync();
        (await viaVictim.CompleteLeaseAsync(await viaVictim.PollOneAsync(node, queue))).EnsureSuccessStatusCode();
        var b = await viaVictim.PollOneAsync(node, queue, wait: 10);

        await using var survivor = await ClawTestHost.StartAsync(data.Path, [.. pg, "--Logging:LogLevel:Orleans.Runtime", "Error"]);
        var viaSurvivor = new ClawApi(survivor.CreateClient());
        var management = survivor.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        await Eventually.Until(async () => (await management.GetHosts(onlyActive: true)).Count, n => n == 2, TimeSpan.FromSeconds(30), "both silos to be active");

        // The worst moment: b's completion is acknowledged, and the silo holding the workflow dies with b's one-way
        // notice and c's creation in flight.
        (await viaVictim.CompleteLeaseAsync(b)).EnsureSuccessStatusCode();
        victim.Kill();

        JsonElement? c = null;
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (c is null && DateTime.UtcNow < deadline)
        {
            c = (await PollThroughFaultsAsync(viaSurvivor, node, queue)).FirstOrDefault() is { ValueKind: JsonValueKind.Object } lease ? lease : null;
        }

        Assert.NotNull(c);
        Assert.Equal(created.GetProperty("task_ids")[2].GetString(), c.Value.Str("task_id"));
        Assert.Equal(HttpStatusCode.OK, await CompleteWhenReachableAsync(viaSurvivor, c.Value));
        var done = await Eventually.Until(
            async () => await (await ThroughFaultsAsync(() => viaSurvivor.Http.GetAsync($"/api/v1/workflows/{workflow}"))).ReadJsonAsync(),
            w => w.TryGetProperty("status", out var status) && status.GetString() == "completed",
            TimeSpan.FromSeconds(60),
            "the workflow to complete on the survivor");
        Assert.All(done.GetProperty("steps").EnumerateArray(), step => Assert.Equal(1, step.GetProperty("attempt").GetInt32()));
        var tasks = (await (await viaSurvivor.Http.GetAsync($"/api/v1/workflows/{workflow}/tasks")).ReadJsonAsync()).GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal(3, tasks.Count);
        foreach (var task in tasks)
        {
            Assert.Equal("completed", task.Str("status"));
            Assert.Single(await viaSurvivor.TimelineAsync(task.Str("id")), type => type == "completed");
        }
    }

    /// <summary>Tasks that retry at once, so the figures measure recovery and not the retry backoff.</summary>
    private static async Task<List<string>> SubmitAsync(ClawApi api, string queue, int timeoutSeconds)
    {
        var ids = new List<string>();
        for (var i = 0; i < PerGroup; i++)
        {
            var extra = $$""","timeout_seconds":{{timeoutSeconds}},"max_retries":5,"retry_backoff":{"initial_seconds":0}""";
            ids.Add((await api.SubmitAsync(queue, extra)).Str("id"));
        }

        return ids;
    }

    private static DateTimeOffset DeadlineOf(List<JsonElement> leases, string taskId) =>
        leases.Single(lease => lease.Str("task_id") == taskId).GetProperty("expires_at").GetDateTimeOffset();

    private static async Task<int> CountOnOtherSiloAsync(ClawTestHost survivor, IManagementGrain management, IEnumerable<string> taskIds)
    {
        var grains = survivor.Services.GetRequiredService<IGrainFactory>();
        var local = survivor.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        var count = 0;
        foreach (var id in taskIds)
        {
            var at = await management.GetActivationAddress(grains.GetGrain<Abstractions.Tasks.ITaskGrain>(id));
            count += at is not null && !at.Equals(local) ? 1 : 0;
        }

        return count;
    }

    private static async Task<HttpStatusCode> CompleteWhenReachableAsync(ClawApi api, JsonElement lease) =>
        (await ThroughFaultsAsync(() => api.CompleteLeaseAsync(lease))).StatusCode;

    /// <summary>
    /// Sends a request as a careful agent would while the cluster still routes to the dead silo: 503s and client
    /// time-outs are retried until another answer comes (or a minute and a half passes).
    /// </summary>
    private static async Task<HttpResponseMessage> ThroughFaultsAsync(Func<Task<HttpResponseMessage>> send)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            try
            {
                var response = await send();
                if (response.StatusCode != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
                {
                    return response;
                }
            }
            catch (TaskCanceledException) when (DateTime.UtcNow < deadline)
            {
                // the client timed out while the call waited on the dead silo
            }

            await Task.Delay(250);
        }
    }

    private static async Task<List<JsonElement>> PollThroughFaultsAsync(ClawApi api, string node, string queue)
    {
        var response = await ThroughFaultsAsync(() => api.Http.PostJsonAsync($"/api/v1/nodes/{node}/poll", $$"""{"queues":["{{queue}}"],"max_tasks":{{PerGroup}},"wait_seconds":2}"""));
        return response.IsSuccessStatusCode ? [.. (await response.ReadJsonAsync()).GetProperty("assignments").EnumerateArray()] : [];
    }
}

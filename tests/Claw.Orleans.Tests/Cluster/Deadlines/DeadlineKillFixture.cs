using System.Diagnostics;
using System.Globalization;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.Schedules;
using Claw.Abstractions.Tasks;
using Claw.Abstractions.Workflows;
using Claw.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Claw.Tests.Cluster.Deadlines;

/// <summary>
/// Three silos on one PostgreSQL database. One deadline holder of each kind (an approval timeout, a schedule, a
/// workflow's redrive, a node's crash detection) is created through the victim silo process until Orleans placed its
/// grain there, then the victim is SIGKILLed: whatever each holder's timer was to do must now come from its reminder,
/// on a survivor. The survivor in this process only looks (grain locations); the facts read the tables, since a read
/// through the API would activate the grain and arm its timer, which would prove nothing about the reminder.
/// </summary>
public sealed class DeadlineKillFixture : IAsyncLifetime
{
    public static readonly MembershipTiming Membership = MembershipTiming.Default;
    public static readonly TimeSpan CrashAfter = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan RedriveInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan ScheduleInterval = TimeSpan.FromSeconds(5);

    /// <summary>Long enough that the victim dies before it; short enough that the test does not wait long.</summary>
    public static readonly TimeSpan ApprovalTimeout = TimeSpan.FromSeconds(25);

    /// <summary>
    /// How long the fixture keeps creating a holder until Orleans places one on the victim. Placement weighs the silos'
    /// CPU and memory (Orleans' default, resource-optimized placement), so a victim busier than its peer for a while
    /// (a loaded test run) is passed over attempt after attempt: the attempts are spread over time, not counted.
    /// </summary>
    private static readonly TimeSpan PlacementPatience = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan PlacementPause = TimeSpan.FromMilliseconds(250);

    private readonly TempDirectory _data = new();
    private PostgresDatabase? _postgres;
    private SiloProcess? _victim;
    private SiloProcess? _other;
    private ClawTestHost? _survivor;

    public string ConnectionString => _postgres!.ConnectionString;

    /// <summary>The API through a survivor.</summary>
    public ClawApi Api { get; private set; } = null!;

    public IManagementGrain Management { get; private set; } = null!;

    public IGrainFactory Grains { get; private set; } = null!;

    public SiloAddress VictimAddress { get; private set; } = null!;

    public DateTimeOffset KilledAt { get; private set; }

    public string ApprovalTaskId { get; private set; } = "";

    public DateTimeOffset ApprovalDeadline { get; private set; }

    public string ScheduleQueue { get; private set; } = "";

    public string WorkflowId { get; private set; } = "";

    public string WorkflowQueue { get; private set; } = "";

    public string NodeId { get; private set; } = "";

    public string NodeTaskId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _postgres = await PostgresDatabase.CreateAsync();
        string[] settings =
        [
            "--storage", "postgres", "--connection-string", _postgres.ConnectionString, "--cluster-id", "claw-deadlines",
            "--Claw:MinimumReminderPeriod", "00:00:01", "--Claw:Dispatch:SweepInterval", "00:00:01",
            "--Claw:Nodes:CrashAfter", Span(CrashAfter), "--Claw:Workflows:RedriveInterval", Span(RedriveInterval),
            .. Membership.Arguments,
        ];
        var victimPorts = SiloPorts.Free();
        _victim = await SiloProcess.StartAsync(Folder("victim"), victimPorts, null, settings);
        var joining = SiloProcess.StartAsync(Folder("other"), settings);
        _survivor = await ClawTestHost.StartAsync(Folder("survivor"), [.. settings, "--Logging:LogLevel:Orleans.Runtime", "Error"]);
        _other = await joining;
        Api = new ClawApi(_survivor.CreateClient());
        Grains = _survivor.Services.GetRequiredService<IGrainFactory>();
        Management = Grains.GetGrain<IManagementGrain>(0);
        var hosts = await Eventually.Until(() => Management.GetHosts(onlyActive: true), h => h.Count == 3, TimeSpan.FromSeconds(60), "three active silos");
        VictimAddress = hosts.Keys.Single(silo => silo.Endpoint.Port == victimPorts.Silo);

        var viaVictim = new ClawApi(_victim.CreateClient());
        await CreateNodeWithLeaseAsync(viaVictim);
        using var keepAlive = new CancellationTokenSource();
        var heartbeats = HeartbeatAsync(viaVictim, keepAlive.Token); // the node lives until its silo dies
        await CreateScheduleAsync(viaVictim);
        await CreateWorkflowAsync(viaVictim);
        await CreateApprovalAsync(viaVictim);

        await keepAlive.CancelAsync();
        await heartbeats;
        _victim.Kill();
        KilledAt = DateTimeOffset.UtcNow;
    }

    public async Task DisposeAsync()
    {
        if (_survivor is not null)
        {
            await _survivor.DisposeAsync();
        }

        foreach (var silo in new[] { _other, _victim })
        {
            if (silo is not null)
            {
                await silo.DisposeAsync();
            }
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        _data.Dispose();
    }

    /// <summary>The first column of the first row, or default when there is none.</summary>
    public async Task<T?> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteScalarAsync() is T scalar ? scalar : default;
    }

    /// <summary>Where the grain is active now (null: nowhere); an unreachable silo on the way answers null too.</summary>
    public async Task<SiloAddress?> LocationAsync(IAddressable grain)
    {
        try
        {
            return await Management.GetActivationAddress(grain);
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            return null;
        }
    }

    private async Task CreateNodeWithLeaseAsync(ClawApi viaVictim)
    {
        var queue = ClawApi.NewId("crash");
        NodeTaskId = (await viaVictim.SubmitAsync(queue, ""","timeout_seconds":600""")).Str("id");
        NodeId = await OnVictimAsync("node", () => viaVictim.RegisterNodeAsync(), id => Grains.GetGrain<INodeGrain>(id));
        Assert.Equal(NodeTaskId, (await viaVictim.PollOneAsync(NodeId, queue)).Str("task_id"));
    }

    private async Task CreateScheduleAsync(ClawApi viaVictim)
    {
        await OnVictimAsync("schedule", async () =>
        {
            ScheduleQueue = ClawApi.NewId("sched"); // a queue per attempt: one placed elsewhere fires into its own
            var id = ClawApi.NewId("schedule");
            var body = $$"""{"id":"{{id}}","name":"{{id}}","interval_seconds":{{(int)ScheduleInterval.TotalSeconds}},"task":{"queue":"{{ScheduleQueue}}","type":"scheduled"} }""";
            (await viaVictim.Http.PostJsonAsync("/api/v1/schedules", body)).EnsureSuccessStatusCode();
            return id;
        }, id => Grains.GetGrain<IScheduleGrain>(id));
    }

    private async Task CreateWorkflowAsync(ClawApi viaVictim)
    {
        WorkflowId = await OnVictimAsync("workflow", async () =>
        {
            WorkflowQueue = ClawApi.NewId("wf"); // a queue per attempt: the steps of one placed elsewhere must not be taken for this one's
            var body = $$"""{"name":"deadlines","start":true,"queue":"{{WorkflowQueue}}","steps":[{"name":"a"},{"name":"b","depends_on":["a"]}]}""";
            return (await (await viaVictim.Http.PostJsonAsync("/api/v1/workflows", body)).EnsureSuccessStatusCode().ReadJsonAsync()).Str("id");
        }, id => Grains.GetGrain<IWorkflowGrain>(id));
    }

    private async Task CreateApprovalAsync(ClawApi viaVictim)
    {
        var queue = ClawApi.NewId("approval");
        ApprovalTaskId = await OnVictimAsync("approval task", async () =>
        {
            var task = await viaVictim.SubmitAsync(queue, $$""","requires_approval":true,"approval_timeout_seconds":{{(int)ApprovalTimeout.TotalSeconds}}""");
            ApprovalDeadline = DateTimeOffset.UtcNow + ApprovalTimeout;
            return task.Str("id");
        }, id => Grains.GetGrain<ITaskGrain>(id));
    }

    /// <summary>Creates until Orleans places the grain on the victim; the ones placed elsewhere are left alone (they prove nothing, and harm nothing).</summary>
    private async Task<string> OnVictimAsync(string what, Func<Task<string>> create, Func<string, IAddressable> grainOf)
    {
        var attempts = 0;
        for (var patience = Stopwatch.StartNew(); patience.Elapsed < PlacementPatience; attempts++)
        {
            var id = await create();
            if (VictimAddress.Equals(await Management.GetActivationAddress(grainOf(id))))
            {
                return id;
            }

            await Task.Delay(PlacementPause);
        }

        throw new Xunit.Sdk.XunitException($"Orleans placed no {what} on the victim silo in {attempts} attempts over {PlacementPatience.TotalSeconds} s.");
    }

    private async Task HeartbeatAsync(ClawApi viaVictim, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            (await viaVictim.Http.PostAsync($"/api/v1/nodes/{NodeId}/heartbeat", null, CancellationToken.None)).EnsureSuccessStatusCode();
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private string Folder(string name)
    {
        var folder = Path.Combine(_data.Path, name);
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string Span(TimeSpan span) => span.ToString("c", CultureInfo.InvariantCulture);
}

using System.Collections.Immutable;
using Claw.Abstractions.Instances;
using Claw.Abstractions.Nodes;
using Claw.Abstractions.OpenClaw;
using Claw.Abstractions.Tasks;
using Claw.Grains.Instances;
using Claw.Grains.OpenClaw;
using Claw.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Claw.Tests.OpenClaw;

/// <summary>
/// Kills the silo that holds a gateway's connection in the middle of a turn, and the silo that runs a managed instance:
/// the grains come back on the surviving silo (through their reminders) and the work carries on there.
/// </summary>
[Collection(RealGatewayCollection.Name)]
public sealed class SiloDeathTests(RealGatewayFixture fixture) : IClassFixture<RealGatewayFixture>
{
    private static readonly (string, string)[] Fast =
    [
        ("Claw:OpenClaw:ReportInterval", "00:00:01"),
        ("Claw:OpenClaw:ReconnectBackoff", "00:00:00.200"),
        ("Claw:OpenClaw:MaxReconnectBackoff", "00:00:03"),
        ("Claw:OpenClaw:WatchPeriod", "00:00:02"),
        ("Claw:Instances:WatchPeriod", "00:00:02"),
        ("Claw:Instances:Launcher", OpenClawInstall.Launcher),
        ("Claw:Instances:RestartBackoff", "00:00:00.500"),
        ("Claw:Instances:StartTimeout", "00:03:00"),
    ];

    [Fact]
    public async Task The_connection_of_a_gateway_whose_silo_died_is_opened_again_on_another_silo_and_its_turn_completes_in_the_same_attempt()
    {
        using var data = new TempDirectory();
        await using var cluster = await SqliteCluster.StartAsync(data.Path, "claw-oc-death-" + Guid.NewGuid().ToString("N")[..8], silos: 2, settings: Fast);
        var victim = (InProcessSiloHandle)cluster.SecondarySilos[0];
        var id = "gw-" + Guid.NewGuid().ToString("N")[..10];

        // Registered through the victim, so the gateway grain (local placement) and its connection live there.
        var spec = new GatewaySpec("death", fixture.Gateway.Url.ToString(), fixture.Gateway.Token, "main", 2, [], ImmutableDictionary<string, string>.Empty, null);
        await Factory(victim).GetGrain<IOpenClawGatewayGrain>(id).RegisterAsync(spec);
        await Eventually.Until(() => Task.FromResult(Connection(victim, id)?.Status), s => s == GatewayStatus.Online, TimeSpan.FromSeconds(60), "the connection on the victim");

        var marker = Guid.NewGuid().ToString("N")[..10];
        fixture.Model.Hold(marker);
        var taskId = Guid.NewGuid().ToString();
        await cluster.Client.GetGrain<ITaskGrain>(taskId).SubmitAsync(Turn(marker));
        await Eventually.Until(() => Task.FromResult(fixture.Model.Holding.GetValueOrDefault(marker)), n => n == 1, TimeSpan.FromSeconds(120), "the turn to reach the model");

        await cluster.KillSiloAsync(victim);
        fixture.Model.Release(marker);

        var survivor = (InProcessSiloHandle)cluster.Primary!;
        await Eventually.Until(() => Task.FromResult(Connection(survivor, id)?.Status), s => s == GatewayStatus.Online, TimeSpan.FromSeconds(180), "the connection on the survivor");
        var task = await Eventually.Until(() => cluster.Client.GetGrain<ITaskGrain>(taskId).GetAsync(), t => t!.Status == ClawTaskStatus.Completed, TimeSpan.FromSeconds(180), "the turn to complete");
        Assert.Equal(1, task!.Attempt);
        Assert.Contains(FakeModelServer.ReplyFor(marker), task.ResultJson, StringComparison.Ordinal);
        Assert.Contains($"\"run_id\":\"{taskId}:1\"", task.ResultJson, StringComparison.Ordinal);
        Assert.True(fixture.Model.Count(marker) <= 2, "at most the killed silo's run and one asked again under the same key");
        var view = await cluster.Client.GetGrain<IOpenClawGatewayGrain>(id).GetAsync();
        Assert.Equal(GatewayStatus.Online, view!.Status);
        await cluster.Client.GetGrain<IOpenClawGatewayGrain>(id).DeleteAsync();
    }

    [Fact]
    public async Task An_instance_whose_silo_died_is_provisioned_again_on_a_live_silo_and_counted_as_a_restart()
    {
        using var data = new TempDirectory();
        var first = FreePort.Next() / 20 * 20;
        await using var cluster = await SqliteCluster.StartAsync(data.Path, "claw-inst-death-" + Guid.NewGuid().ToString("N")[..8], silos: 2,
            settings: [.. Fast, ("Claw:Instances:PortRange", $"{first}-{first + 19}")]);
        var victim = (InProcessSiloHandle)cluster.SecondarySilos[0];
        var id = Guid.NewGuid().ToString();
        var provider = new ModelProvider(fixture.Model.BaseUrl.ToString().TrimEnd('/'), "openai-completions", FakeModelServer.ModelId, "sk-local");

        await Factory(victim).GetGrain<IInstanceGrain>(id).CreateAsync(new InstanceSpec("death", provider, 2, ImmutableDictionary<string, string>.Empty, null));
        var running = await Eventually.Until(() => cluster.Client.GetGrain<IInstanceGrain>(id).GetAsync(), i => i!.Status == InstanceStatus.Running, OpenClawInstall.StartBudget, "the instance on the victim");
        Assert.Equal(victim.SiloAddress.ToString(), running!.Silo);
        var firstPid = running.Pid!.Value;

        await cluster.KillSiloAsync(victim);

        var again = await Eventually.Until(() => cluster.Client.GetGrain<IInstanceGrain>(id).GetAsync(),
            i => i!.Status == InstanceStatus.Running && i.Silo == cluster.Primary!.SiloAddress.ToString(), TimeSpan.FromSeconds(240), "the instance provisioned again on the survivor");
        Assert.Equal(1, again!.Restarts);
        Assert.NotEqual(firstPid, again.Pid);
        Assert.False(Directory.Exists($"/proc/{firstPid}") && !File.ReadAllText($"/proc/{firstPid}/stat").Contains(") Z ", StringComparison.Ordinal),
            "the dead silo's process does not hold on to the port");
        await cluster.Client.GetGrain<IInstanceGrain>(id).DestroyAsync();
    }

    private static IGrainFactory Factory(InProcessSiloHandle silo) => silo.SiloHost.Services.GetRequiredService<IGrainFactory>();

    private static GatewayConnection? Connection(InProcessSiloHandle silo, string id) => silo.SiloHost.Services.GetRequiredService<OpenClawConnections>().Get(id);

    private static TaskSubmission Turn(string marker) => new(
        "default",
        OpenClawNames.AgentTaskType,
        $$"""{"message":"m:{{marker}}"}""",
        TaskPriority.Normal,
        TaskRequirements.None with { Capabilities = [OpenClawNames.AgentCapability] },
        TimeoutSeconds: 60,
        MaxRetries: 3,
        RetryBackoff.Default,
        RunAt: null,
        RequiresApproval: false,
        WorkflowId: null,
        SwarmId: null,
        DispatchMode.Auto,
        MetadataJson: null,
        CorrelationId: "silo-death",
        IdempotencyFingerprint: null);
}

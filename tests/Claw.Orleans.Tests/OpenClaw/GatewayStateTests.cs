using System.Collections.Immutable;
using Claw.Abstractions.OpenClaw;
using Claw.Tests.Infrastructure;
using Orleans.Runtime;

namespace Claw.Tests.OpenClaw;

/// <summary>Gateway records are read back from storage by a new activation (Orleans' ADO.NET storage, on SQLite).</summary>
[Collection(SqliteClusterCollection.Name)]
public sealed class GatewayStateTests(SqliteClusterFixture fixture)
{
    [Fact]
    public async Task A_paused_gateway_deactivated_and_read_again_keeps_its_registration_and_stays_paused()
    {
        var grains = fixture.Cluster.Client;
        var id = "gw-state-" + Guid.NewGuid().ToString("N")[..8];
        var gateway = grains.GetGrain<IOpenClawGatewayGrain>(id);
        await gateway.RegisterAsync(new GatewaySpec("stored", $"ws://127.0.0.1:{FreePort.Next()}", "tok", "ops", 3, ["code"],
            ImmutableDictionary<string, string>.Empty.Add("zone", "b"), null, Queues: ["q1", "q2"]));
        await gateway.SetPausedAsync(true);

        await grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var view = await gateway.GetAsync();

        Assert.NotNull(view);
        Assert.Equal("stored", view.Name);
        Assert.Equal("ops", view.AgentId);
        Assert.Equal(3, view.MaxConcurrentSessions);
        Assert.Equal(["openclaw.agent", "code"], view.Capabilities.ToArray());
        Assert.Equal("b", view.Labels["zone"]);
        Assert.Equal(["q1", "q2"], view.Queues.ToArray());
        Assert.Equal(GatewayStatus.Offline, view.Status);
        Assert.False(await gateway.IsServingAsync());
        await gateway.DeleteAsync();
        Assert.Null(await gateway.GetAsync());
    }
}

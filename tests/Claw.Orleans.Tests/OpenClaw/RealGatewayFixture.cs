namespace Claw.Tests.OpenClaw;

/// <summary>One fake model server and one real OpenClaw gateway, for one test class (a gateway is ~1.2 GB: never one per test).</summary>
public sealed class RealGatewayFixture : IAsyncLifetime
{
    public FakeModelServer Model { get; private set; } = null!;

    public GatewayProcess Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Model = await FakeModelServer.StartAsync();
        Gateway = await GatewayProcess.StartAsync(Model);
    }

    public async Task DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        if (Model is not null)
        {
            await Model.DisposeAsync();
        }
    }
}

/// <summary>
/// Real-gateway test classes share this collection so they run one after another, and apart from the parallel tests:
/// each starts its own gateway (two at once would need 2.5 GB and both cores), and their metrics assertions need a
/// process where no other host's same-named meter is disposed meanwhile (see <c>MetricsEndpointTests</c>).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealGatewayCollection
{
    public const string Name = "openclaw-real-gateway";
}

using Orleans.TestingHost;

namespace Claw.Tests.Infrastructure;

/// <summary>The shared two-silo SQLite cluster of the cluster tests.</summary>
public sealed class SqliteClusterFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new();

    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await SqliteCluster.StartAsync(_data.Path, "claw-shared-" + Guid.NewGuid().ToString("N")[..8]);

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _data.Dispose();
    }
}

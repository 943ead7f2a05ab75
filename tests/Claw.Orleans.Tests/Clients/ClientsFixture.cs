using Claw.Client;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Clients;

/// <summary>
/// One real host (SQLite, real Kestrel) shared by the client, worker and CLI tests; each test uses its own queue and
/// ids, so a worker of one test never takes another's tasks.
/// </summary>
public sealed class ClientsFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new();

    public ClawTestHost Host { get; private set; } = null!;

    public ClawClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await ClawTestHost.StartAsync(_data.Path);
        Client = new ClawClient(Host.BaseAddress);
    }

    /// <summary>A queue (and id prefix) no other test uses.</summary>
    public static string Unique(string what) => $"{what}-{Guid.NewGuid():N}"[..(what.Length + 13)];

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        _data.Dispose();
    }
}

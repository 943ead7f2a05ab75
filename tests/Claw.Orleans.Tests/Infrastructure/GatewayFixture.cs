namespace Claw.Tests.Infrastructure;

/// <summary>One running host on SQLite shared by the gateway tests; each test uses its own ids.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new();

    public ClawTestHost Host { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await ClawTestHost.StartAsync(_data.Path);
        Client = Host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        _data.Dispose();
    }
}

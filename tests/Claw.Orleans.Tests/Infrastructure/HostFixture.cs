namespace Claw.Tests.Infrastructure;

/// <summary>
/// One running host on SQLite in a folder of its own, shared by a collection's tests (each uses its own ids); a
/// subclass names the settings its tests need.
/// </summary>
public abstract class HostFixture(params string[] hostArgs) : IAsyncLifetime
{
    private readonly TempDirectory _data = new();

    public ClawTestHost Host { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await ClawTestHost.StartAsync(_data.Path, hostArgs);
        Client = Host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        _data.Dispose();
    }
}

using System.Net.Http.Headers;
using Claw.Silo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Claw.Tests.Infrastructure;

/// <summary>
/// The real host (silo + gateway, exactly what <c>dotnet run --project src/Silo</c> builds) on a real Kestrel port,
/// with its own data folder and ports, so several can run in one test process.
/// </summary>
public sealed class ClawTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ClawTestHost(WebApplication app, string dataDirectory)
    {
        _app = app;
        DataDirectory = dataDirectory;
    }

    public string DataDirectory { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app.Services;

    public static async Task<ClawTestHost> StartAsync(string dataDirectory, params string[] extraArgs)
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--data", dataDirectory,
            "--silo-port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--gateway-port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default", "Warning",
            .. extraArgs,
        ];
        return await StartAsync(ClawHost.Build(args), dataDirectory);
    }

    /// <summary>A gateway-only process (an Orleans client, no grains) on a real port.</summary>
    public static Task<ClawTestHost> StartGatewayAsync(params string[] args) =>
        StartAsync(Claw.Gateway.Hosting.GatewayHost.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning", .. args]), "");

    private static async Task<ClawTestHost> StartAsync(WebApplication app, string dataDirectory)
    {
        var host = new ClawTestHost(app, dataDirectory);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.BaseAddress = new Uri(address);
        return host;
    }

    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

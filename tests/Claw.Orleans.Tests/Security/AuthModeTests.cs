using System.Net;
using Claw.Gateway.Auth;
using Claw.Gateway.Hosting;
using Claw.Silo;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Security;

/// <summary>
/// The auth mode follows the listen addresses: loopback alone runs without auth (everyone the local admin), anything
/// beyond it requires credentials, and asking for no auth off loopback refuses to start unless <c>--insecure</c>.
/// </summary>
public sealed class AuthModeTests
{
    [Fact]
    public async Task A_silo_asked_to_listen_off_loopback_without_auth_refuses_to_start_and_says_why()
    {
        using var data = new TempDirectory();
        var refused = Assert.Throws<InsecureListenException>(() => ClawHost.Build(["--urls", "http://0.0.0.0:0", "--data", data.Path, "--Claw:Auth:Mode", "None"]));
        Assert.Contains("0.0.0.0", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--insecure", refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, await ClawHost.RunAsync(["--urls", "http://0.0.0.0:0", "--data", data.Path, "--Claw:Auth:Mode", "None"]));
        Assert.Throws<InsecureListenException>(() => GatewayHost.Build(["--urls", "http://[::]:0", "--Claw:Auth:Mode", "None"]));
    }

    [Fact]
    public async Task With_insecure_it_starts_without_auth_anyway()
    {
        using var data = new TempDirectory();
        await using var host = await ClawTestHost.StartAsync(data.Path, "--urls", "http://0.0.0.0:0", "--Claw:Auth:Mode", "None", "--insecure");
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.BaseAddress.Port}") };
        var me = await (await client.GetAsync("/api/v1/auth/me")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal("anonymous", me.Str("principal"));
        Assert.Equal("admin", me.Str("role"));
    }

    [Fact]
    public async Task Off_loopback_without_a_mode_means_credentials_are_required()
    {
        using var data = new TempDirectory();
        await using var host = await ClawTestHost.StartAsync(data.Path, "--urls", "http://0.0.0.0:0");
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.BaseAddress.Port}") };
        await (await client.GetAsync("/api/v1/tasks")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await client.GetAsync("/metrics")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        (await client.GetAsync("/health/live")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task On_loopback_everyone_is_the_local_admin_and_foreign_host_names_are_refused()
    {
        using var data = new TempDirectory();
        await using var host = await ClawTestHost.StartAsync(data.Path);
        using var client = host.CreateClient();
        Assert.Equal("anonymous", (await (await client.GetAsync("/api/v1/auth/me")).EnsureSuccessStatusCode().ReadJsonAsync()).Str("principal"));
        (await client.GetAsync("/metrics")).EnsureSuccessStatusCode();

        // DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1 still sends its own Host.
        using var rebound = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tasks");
        rebound.Headers.Host = "evil.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(rebound)).StatusCode);
        using var local = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tasks");
        local.Headers.Host = $"localhost:{host.BaseAddress.Port}";
        (await client.SendAsync(local)).EnsureSuccessStatusCode();
    }
}

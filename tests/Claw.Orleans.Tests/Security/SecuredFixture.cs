using System.Net.Http.Headers;
using System.Text.Json;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Security;

/// <summary>
/// One host with auth mode <c>Required</c>: a bootstrap admin key, the test identity provider's JWT keys, and limits
/// high enough that only the rate-limit tests (on hosts of their own) meet them. Each test makes its own keys.
/// </summary>
public sealed class SecuredFixture : IAsyncLifetime
{
    public const string BootstrapKey = "claw_00000000000a0b1c_bootstrap-secret-for-the-tests-only-0123456789";

    private readonly TempDirectory _data = new();

    public TokenMint Tokens { get; } = new();

    public ClawTestHost Host { get; private set; } = null!;

    /// <summary>A client with no credentials.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await ClawTestHost.StartAsync(_data.Path, [
            "--Claw:Auth:Mode", "Required",
            "--Claw:Auth:BootstrapKey", BootstrapKey,
            "--Claw:RateLimits:PermitsPerSecond", "100000",
            "--Claw:RateLimits:Burst", "100000",
            "--Claw:RateLimits:AnonymousPermitsPerSecond", "100000",
            "--Claw:RateLimits:AnonymousBurst", "100000",
            .. Tokens.HostArgs]);
        Anonymous = Host.CreateClient();
        Admin = Client(BootstrapKey);
    }

    public HttpClient Client(string credential)
    {
        var client = Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        return client;
    }

    /// <summary>A new key made by the admin; <c>extra</c> is more JSON fields (<c>,"node_id":"n"</c>).</summary>
    public async Task<string> KeyAsync(string role, string? extra = null) => (await KeyRecordAsync(role, extra)).Str("key");

    public async Task<JsonElement> KeyRecordAsync(string role, string? extra = null)
    {
        var response = await Admin.PostJsonAsync("/api/v1/auth/keys", $$"""{"name":"{{role}} for a test","role":"{{role}}"{{extra}}}""");
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    public async Task DisposeAsync()
    {
        Anonymous.Dispose();
        Admin.Dispose();
        await Host.DisposeAsync();
        Tokens.Dispose();
        _data.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class SecuredCollection : ICollectionFixture<SecuredFixture>
{
    public const string Name = "secured";
}

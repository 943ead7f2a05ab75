using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.WireGuard;

/// <summary>The address pool over HTTP, on a host whose pool is <c>10.77.0.0/29</c>: five addresses to hand out.</summary>
public sealed class WireGuardApiTests(WireGuardApiTests.Fixture fixture) : IClassFixture<WireGuardApiTests.Fixture>
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task A_peer_gets_an_address_of_the_pool_and_its_peer_block_and_keeps_it_when_asked_again()
    {
        var node = ClawApi.NewId("wg");
        var key = NewKey();

        var peer = await AllocateAsync(node, key);
        var again = await AllocateAsync(node, key);

        var address = peer.Str("address");
        Assert.StartsWith("10.77.0.", address, StringComparison.Ordinal);
        Assert.NotEqual("10.77.0.0", address); // network
        Assert.NotEqual("10.77.0.1", address); // the hub
        Assert.NotEqual("10.77.0.7", address); // broadcast
        Assert.Equal(address, again.Str("address"));
        Assert.Equal($"[Peer]\n# node {node}\nPublicKey = {key}\nAllowedIPs = {address}/32\nPersistentKeepalive = 25\n", peer.Str("config"));
        await ReleaseAsync(node);
    }

    [Theory]
    [InlineData("not base64 at all")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")] // 31 bytes
    [InlineData("")]
    public async Task A_key_that_is_not_32_bytes_of_base64_is_refused(string key)
    {
        var response = await Http.PostJsonAsync("/api/v1/wireguard/peers", $$"""{"node_id":"{{ClawApi.NewId("wg")}}","public_key":"{{key}}"}""");

        var problem = await response.AssertValidationProblemAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty("public_key", out _));
    }

    [Fact]
    public async Task The_pool_runs_out_with_409_pool_exhausted_and_a_freed_address_is_handed_out_again()
    {
        var nodes = Enumerable.Range(0, 5).Select(_ => ClawApi.NewId("wg")).ToList();
        await using var release = new Releaser(this, nodes);
        var taken = new List<string>();
        foreach (var node in nodes)
        {
            taken.Add((await AllocateAsync(node, NewKey())).Str("address"));
        }

        var stats = await (await Http.GetAsync("/api/v1/wireguard/pool/stats")).EnsureSuccessStatusCode().ReadJsonAsync();
        var refused = await Http.PostJsonAsync("/api/v1/wireguard/peers", $$"""{"node_id":"{{ClawApi.NewId("wg")}}","public_key":"{{NewKey()}}"}""");

        Assert.Equal(5, taken.Distinct().Count());
        Assert.Equal("10.77.0.0/29", stats.Str("cidr"));
        Assert.Equal(5, stats.GetProperty("size").GetInt32());
        Assert.Equal(5, stats.GetProperty("allocated").GetInt32());
        Assert.Equal(0, stats.GetProperty("free").GetInt32());
        Assert.Equal(1.0, stats.GetProperty("utilization").GetDouble());
        await refused.AssertProblemAsync(HttpStatusCode.Conflict, "pool_exhausted");

        await ReleaseAsync(nodes[2]);
        var newcomer = ClawApi.NewId("wg");
        nodes.Add(newcomer);
        Assert.Equal(taken[2], (await AllocateAsync(newcomer, NewKey())).Str("address"));
    }

    [Fact]
    public async Task Deregistering_a_node_frees_its_address()
    {
        var api = new ClawApi(Http);
        var node = await api.RegisterNodeAsync();
        await AllocateAsync(node, NewKey());

        (await Http.DeleteAsync($"/api/v1/nodes/{node}")).EnsureSuccessStatusCode();

        await (await Http.GetAsync($"/api/v1/wireguard/peers/{node}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await Http.DeleteAsync($"/api/v1/wireguard/peers/{node}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Peers_are_listed_in_pages()
    {
        var nodes = new[] { ClawApi.NewId("wgl"), ClawApi.NewId("wgl") };
        await using var release = new Releaser(this, [.. nodes]);
        foreach (var node in nodes)
        {
            await AllocateAsync(node, NewKey());
        }

        var first = await (await Http.GetAsync("/api/v1/wireguard/peers?limit=1")).EnsureSuccessStatusCode().ReadJsonAsync();
        var rest = await (await Http.GetAsync($"/api/v1/wireguard/peers?limit=500&cursor={first.Str("next_cursor")}")).EnsureSuccessStatusCode().ReadJsonAsync();

        var listed = first.GetProperty("items").EnumerateArray().Concat(rest.GetProperty("items").EnumerateArray()).Select(p => p.Str("node_id")).ToList();
        Assert.Single(first.GetProperty("items").EnumerateArray());
        Assert.Superset(nodes.ToHashSet(), listed.ToHashSet());
        Assert.Equal(listed.Count, listed.Distinct().Count());
    }

    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private async Task<JsonElement> AllocateAsync(string node, string key)
    {
        var response = await Http.PostJsonAsync("/api/v1/wireguard/peers", $$"""{"node_id":"{{node}}","public_key":"{{key}}"}""");
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private async Task ReleaseAsync(string node) => Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync($"/api/v1/wireguard/peers/{node}")).StatusCode);

    /// <summary>Frees the test's addresses at its end, so the small pool serves the next test.</summary>
    private sealed class Releaser(WireGuardApiTests tests, List<string> nodes) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var node in nodes)
            {
                await tests.Http.DeleteAsync($"/api/v1/wireguard/peers/{node}");
            }
        }
    }

    /// <summary>A host of its own: the tests need a pool small enough to run out.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly TempDirectory _data = new();

        public ClawTestHost Host { get; private set; } = null!;

        public HttpClient Http { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Host = await ClawTestHost.StartAsync(_data.Path, "--Claw:WireGuard:Cidr", "10.77.0.0/29", "--Claw:WireGuard:PersistentKeepalive", "25");
            Http = Host.CreateClient();
        }

        public async Task DisposeAsync()
        {
            Http.Dispose();
            await Host.DisposeAsync();
            _data.Dispose();
        }
    }
}

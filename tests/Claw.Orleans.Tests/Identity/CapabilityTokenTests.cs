using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text.Json;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Identity;

/// <summary>
/// Capability tokens against real hosts: dispatch offers a node only what its token grants; rotation keeps the old token
/// for its grace; revocation stops dispatch and presentation at once, on every silo (two silos on PostgreSQL).
/// </summary>
public sealed class CapabilityTokenTests
{
    private const string Admin = "claw_00000000cab70e75_capability-token-tests-admin-secret";

    [Fact]
    public async Task Dispatch_offers_only_what_the_token_grants_and_rotation_and_revocation_take_effect_at_once()
    {
        using var data = new TempDirectory();
        await using var host = await ClawTestHost.StartAsync(data.Path);
        var api = new ClawApi(host.CreateClient());
        var (node, queue) = (ClawApi.NewId("node"), ClawApi.NewId("q"));
        var token = await IssueAsync(api.Http, $$"""{"node_id":"{{node}}","capabilities":["shell"],"data_scope":["alpha"],"limits":{"max_concurrent_tasks":5},"ttl_seconds":3600}""");
        (await api.Http.PostJsonAsync("/api/v1/nodes", $$"""{"id":"{{node}}","name":"n","capabilities":["shell","root"],"labels":{"project":"beta"},"max_concurrent_tasks":8,"capability_token":"{{token.Str("token")}}"}"""))
            .EnsureSuccessStatusCode();

        var root = await SubmitAsync(api, queue, """["root"]""");
        var beta = await SubmitAsync(api, queue, """["shell"]""", ""","labels":{"project":"beta"}""");
        var granted = await SubmitAsync(api, queue, """["shell"]""");
        var offered = await api.PollAsync(node, queue, max: 5, wait: 1);
        Assert.Equal([granted], offered.Select(a => a.Str("task_id")));
        Assert.Equal(("pending", "pending"), (await api.StatusAsync(root), await api.StatusAsync(beta)));

        // Rotation: the new token has the old as parent; with no grace the old one (still the node's) ends now.
        var rotated = await (await api.Http.PostJsonAsync($"/api/v1/auth/capability-tokens/{token.Str("jti")}/rotate", """{"grace_seconds":0}""")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal(token.Str("jti"), rotated.Str("parent_jti"));
        var afterRotation = await SubmitAsync(api, queue, """["shell"]""");
        Assert.Empty(await api.PollAsync(node, queue, max: 5, wait: 1));
        await (await api.Http.PostJsonAsync("/api/v1/nodes", Register(node, token.Str("token")))).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_capability_token");
        (await api.Http.PostJsonAsync("/api/v1/nodes", Register(node, rotated.Str("token")))).EnsureSuccessStatusCode();
        Assert.Equal([afterRotation], (await api.PollAsync(node, queue, max: 5, wait: 1)).Select(a => a.Str("task_id")));

        // Revocation: nothing more is offered, and the token is refused wherever it is presented.
        (await api.Http.DeleteAsync($"/api/v1/auth/capability-tokens/{rotated.Str("jti")}")).EnsureSuccessStatusCode();
        await SubmitAsync(api, queue, """["shell"]""");
        Assert.Empty(await api.PollAsync(node, queue, max: 5, wait: 1));
        await (await api.Http.PostJsonAsync("/api/v1/nodes", Register(node, rotated.Str("token")))).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_capability_token");
        Assert.Equal(4401, await ConnectWithTokenAsync(host, node, rotated.Str("token")));
        await (await api.Http.DeleteAsync("/api/v1/auth/capability-tokens/00000000000000000000000000000000")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_token_is_refused_for_another_node_when_forged_or_altered()
    {
        using var data = new TempDirectory();
        await using var host = await ClawTestHost.StartAsync(data.Path);
        var api = new ClawApi(host.CreateClient());
        var node = ClawApi.NewId("node");
        var token = (await IssueAsync(api.Http, $$"""{"node_id":"{{node}}","capabilities":["shell"],"ttl_seconds":600}""")).Str("token");

        await (await api.Http.PostJsonAsync("/api/v1/nodes", Register(ClawApi.NewId("node"), token))).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var parts = token.Split('.');
        var altered = parts[0] + "." + parts[1][..^2] + (parts[1][^2..] == "AA" ? "AB" : "AA") + "." + parts[2];
        await (await api.Http.PostJsonAsync("/api/v1/nodes", Register(node, altered))).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_capability_token");
        await (await api.Http.PostJsonAsync("/api/v1/nodes", Register(node, "not.a.token"))).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_capability_token");
        await (await api.Http.PostJsonAsync("/api/v1/nodes", Register(node, "a.eyJqdGkiOiJcdWQ4MDAifQ.b"))).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_capability_token"); // jti "\ud800"
        await (await api.Http.GetAsync($"/api/v1/nodes/{node}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found"); // nothing registered by a refused token
        await (await api.Http.PostJsonAsync("/api/v1/auth/capability-tokens", """{"node_id":"x","capabilities":["a"],"ttl_seconds":5}""")).AssertProblemAsync((HttpStatusCode)422, "validation_failed");
        (await api.Http.PostJsonAsync("/api/v1/nodes", Register(node, token))).EnsureSuccessStatusCode();
        Assert.Null(await ConnectWithTokenAsync(host, node, token)); // presented at connect too
        Assert.Equal(4403, await ConnectWithTokenAsync(host, node, (await IssueAsync(api.Http, """{"node_id":"someone-else","capabilities":[],"ttl_seconds":600}""")).Str("token")));
        var far = "node-" + new string('f', 120); // the refusal names both ids: past a close reason's 123 bytes
        Assert.Equal(4403, await ConnectWithTokenAsync(host, node, (await IssueAsync(api.Http, $$"""{"node_id":"{{far}}","capabilities":[],"ttl_seconds":600}""")).Str("token")));
    }

    [Fact]
    public async Task A_token_revoked_through_one_silo_is_refused_and_offers_nothing_on_another_within_a_second()
    {
        await using var postgres = await PostgresDatabase.CreateAsync();
        using var dataA = new TempDirectory();
        using var dataB = new TempDirectory();
        string[] args = ["--storage", "postgres", "--connection-string", postgres.ConnectionString, "--cluster-id", "claw-capability",
            "--Claw:Auth:Mode", "Required", "--Claw:Auth:BootstrapKey", Admin];
        await using var a = await ClawTestHost.StartAsync(dataA.Path, args);
        await using var b = await ClawTestHost.StartAsync(dataB.Path, args);
        var onA = new ClawApi(Client(a));
        var onB = new ClawApi(Client(b));
        var (node, queue) = (ClawApi.NewId("node"), ClawApi.NewId("q"));
        var token = await IssueAsync(onA.Http, $$"""{"node_id":"{{node}}","capabilities":["shell"],"ttl_seconds":3600}""");
        (await onA.Http.PostJsonAsync("/api/v1/nodes", Register(node, token.Str("token")))).EnsureSuccessStatusCode();
        var first = await SubmitAsync(onB, queue, """["shell"]""");
        Assert.Equal([first], (await onB.PollAsync(node, queue, max: 5, wait: 1)).Select(x => x.Str("task_id")));

        (await onB.Http.DeleteAsync($"/api/v1/auth/capability-tokens/{token.Str("jti")}")).EnsureSuccessStatusCode();
        var revokedAt = Stopwatch.StartNew();
        await Eventually.Until(async () => (await onA.Http.PostJsonAsync("/api/v1/nodes", Register(node, token.Str("token")))).StatusCode,
            s => s == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(1), "silo A to refuse the revoked token");
        Assert.True(revokedAt.Elapsed < TimeSpan.FromSeconds(1), $"refused after {revokedAt.Elapsed.TotalMilliseconds:0} ms");
        await SubmitAsync(onA, queue, """["shell"]""");
        Assert.Empty(await onA.PollAsync(node, queue, max: 5, wait: 1));
    }

    /// <summary>Opens the control channel presenting <paramref name="token"/> in the upgrade header: null once <c>connected</c> arrives, else the close status.</summary>
    private static async Task<int?> ConnectWithTokenAsync(ClawTestHost host, string node, string token)
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("X-Claw-Capability-Token", token);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await socket.ConnectAsync(new UriBuilder(host.BaseAddress) { Scheme = "ws", Path = "/api/v1/ws/control", Query = $"bot_id={node}" }.Uri, timeout.Token);
        var buffer = new byte[64 * 1024];
        var received = await socket.ReceiveAsync(buffer, timeout.Token);
        if (received.MessageType == WebSocketMessageType.Close)
        {
            return (int?)socket.CloseStatus;
        }

        Assert.Equal("connected", JsonDocument.Parse(buffer.AsMemory(0, received.Count)).RootElement.Str("type"));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        return null;
    }

    private static async Task<JsonElement> IssueAsync(HttpClient http, string body)
    {
        var response = await http.PostJsonAsync("/api/v1/auth/capability-tokens", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private static async Task<string> SubmitAsync(ClawApi api, string queue, string capabilities, string? extra = null) =>
        (await api.SubmitAsync(queue, $$""","required_capabilities":{{capabilities}}{{extra}}""")).Str("id");

    private static string Register(string node, string token) => $$"""{"id":"{{node}}","name":"n","capabilities":["shell","root"],"max_concurrent_tasks":8,"capability_token":"{{token}}"}""";

    private static HttpClient Client(ClawTestHost host)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Admin);
        return client;
    }
}

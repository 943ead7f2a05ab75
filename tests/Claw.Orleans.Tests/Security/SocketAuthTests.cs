using System.Net;
using System.Net.WebSockets;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Security;

/// <summary>
/// The control channel with auth on: credentials in the upgrade's <c>Authorization</c> header, or (browsers) in an
/// <c>auth</c> first frame; never in the query string; a channel of one node cannot be opened with another's key.
/// </summary>
[Collection(SecuredCollection.Name)]
public sealed class SocketAuthTests(SecuredFixture fixture)
{
    [Fact]
    public async Task A_browser_authenticates_with_its_first_frame()
    {
        var (node, key) = await NodeAsync();
        await using var ws = await WsClient.ConnectAsync(fixture.Host.BaseAddress, node);
        await ws.SendAsync("auth", new { token = key });
        var connected = await ws.ExpectAsync("connected");
        Assert.Equal(node, connected.GetProperty("payload").Str("bot_id"));
    }

    [Fact]
    public async Task A_bad_first_frame_closes_with_4401_and_another_nodes_key_with_4403()
    {
        var (node, _) = await NodeAsync();
        var (_, otherKey) = await NodeAsync();
        await using (var ws = await WsClient.ConnectAsync(fixture.Host.BaseAddress, node))
        {
            await ws.SendAsync("auth", new { token = "claw_0123456789abcdef_not-a-real-secret-at-all" });
            Assert.Empty(await ws.UntilClosedAsync());
            Assert.Equal((WebSocketCloseStatus)4401, ws.CloseStatus);
        }

        await using (var ws = await WsClient.ConnectAsync(fixture.Host.BaseAddress, node))
        {
            await ws.SendAsync("heartbeat", new { });
            Assert.Empty(await ws.UntilClosedAsync());
            Assert.Equal((WebSocketCloseStatus)4401, ws.CloseStatus);
        }

        await using (var ws = await WsClient.ConnectAsync(fixture.Host.BaseAddress, node))
        {
            await ws.SendAsync("auth", new { token = otherKey });
            Assert.Empty(await ws.UntilClosedAsync());
            Assert.Equal((WebSocketCloseStatus)4403, ws.CloseStatus);
        }
    }

    [Fact]
    public async Task Credentials_in_the_query_string_or_a_bad_header_are_refused_before_the_upgrade()
    {
        var (node, key) = await NodeAsync();
        await using (var query = await WsClient.TryConnectAsync(fixture.Host.BaseAddress, node, query: $"&token={key}"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, query.RefusedWith);
        }

        await using var bad = await WsClient.TryConnectAsync(fixture.Host.BaseAddress, node, credential: "claw_0123456789abcdef_not-a-real-secret-at-all");
        Assert.Equal(HttpStatusCode.Unauthorized, bad.RefusedWith);
    }

    [Theory]
    [InlineData("{\"type\":5,\"payload\":{}}")]
    [InlineData("{\"type\":\"auth\",\"payload\":{\"token\":\"\\ud800\"}}")]
    public async Task A_first_frame_of_the_wrong_shape_closes_with_4401(string frame)
    {
        var (node, _) = await NodeAsync();
        await using var ws = await WsClient.ConnectAsync(fixture.Host.BaseAddress, node);
        await ws.SendAsync(frame);
        Assert.Empty(await ws.UntilClosedAsync());
        Assert.Equal((WebSocketCloseStatus)4401, ws.CloseStatus);
    }

    [Fact]
    public async Task A_key_scoped_to_queues_opens_no_channel_that_serves_another_queue()
    {
        var (node, _) = await NodeAsync();
        var (mine, theirs) = (ClawApi.NewId("q"), ClawApi.NewId("q"));
        var key = await fixture.KeyAsync("agent", $$""","node_id":"{{node}}","queues":["{{mine}}"]""");
        await (await fixture.Admin.PostJsonAsync("/api/v1/tasks", $$"""{"queue":"{{theirs}}"}""")).EnsureSuccessStatusCode().ReadJsonAsync();

        await using (var header = await WsClient.TryConnectAsync(fixture.Host.BaseAddress, node, credential: key, query: $"&queues={mine},{theirs}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, header.RefusedWith);
        }

        await using (var ws = await WsClient.ConnectAsync(fixture.Host.BaseAddress, node, query: $"&queues={theirs}"))
        {
            await ws.SendAsync("auth", new { token = key });
            Assert.Empty(await ws.UntilClosedAsync());
            Assert.Equal((WebSocketCloseStatus)4403, ws.CloseStatus);
        }

        await using var allowed = await WsClient.ConnectAsync(fixture.Host.BaseAddress, node, query: $"&queues={mine}", credential: key);
        await allowed.ExpectAsync("connected");
    }

    private async Task<(string Node, string Key)> NodeAsync()
    {
        var node = ClawApi.NewId("node");
        var registered = await (await fixture.Admin.PostJsonAsync("/api/v1/nodes", $$"""{"id":"{{node}}","name":"{{node}}"}""")).EnsureSuccessStatusCode().ReadJsonAsync();
        return (node, registered.Str("node_key"));
    }
}

using System.Net;
using System.Text;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Security;

/// <summary>
/// What a web page in the operator's browser can do to a server on the operator's machine (mode <c>None</c>): no
/// WebSocket from a foreign origin, no blind form post, no body-less state change without a header a form cannot send.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class BrowserTests(GatewayFixture fixture)
{
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public async Task A_foreign_origin_cannot_open_a_nodes_control_channel_but_the_servers_own_can()
    {
        var node = await _api.RegisterNodeAsync();
        await using (var evil = await WsClient.TryConnectAsync(fixture.Host.BaseAddress, node, origin: "http://evil.example"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, evil.RefusedWith);
        }

        await using var own = await WsClient.ConnectAsync(fixture.Host.BaseAddress, node, origin: $"http://127.0.0.1:{fixture.Host.BaseAddress.Port}");
        await own.ExpectAsync("connected");
    }

    [Fact]
    public async Task Blind_form_posts_and_foreign_origins_cannot_change_state()
    {
        var node = await _api.RegisterNodeAsync();
        var form = new StringContent("x=1", Encoding.UTF8, "application/x-www-form-urlencoded");
        await (await fixture.Client.PostAsync($"/api/v1/nodes/{node}/drain", form)).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        var text = new StringContent("{}", Encoding.UTF8, "text/plain");
        await (await fixture.Client.PostAsync($"/api/v1/nodes/{node}/drain", text)).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");

        using var foreign = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/nodes/{node}/drain");
        foreign.Headers.Add("Origin", "http://evil.example");
        await (await fixture.Client.SendAsync(foreign)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        using var bodiless = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/nodes/{node}/drain");
        bodiless.Headers.Add("Sec-Fetch-Site", "same-origin");
        await (await fixture.Client.SendAsync(bodiless)).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        Assert.NotEqual("draining", (await (await fixture.Client.GetAsync($"/api/v1/nodes/{node}")).ReadJsonAsync()).Str("status"));

        using var declared = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/nodes/{node}/drain");
        declared.Headers.Add("Sec-Fetch-Site", "same-origin");
        declared.Headers.Add("X-Claw-Request", "1");
        (await fixture.Client.SendAsync(declared)).EnsureSuccessStatusCode();

        // A client that is not a browser sends none of those headers and is not affected (ClawBot clients).
        (await fixture.Client.PostAsync($"/api/v1/bots/{node}/available", null)).EnsureSuccessStatusCode();
    }
}

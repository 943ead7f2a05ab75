using System.Net;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.OpenClaw;

/// <summary>The gateway routes' contract without a gateway to reach: validation, 404s, the write-only token, an unreachable URL.</summary>
[Collection(GatewayCollection.Name)]
public sealed class GatewayApiTests(GatewayFixture fixture)
{
    private readonly ClawApi _api = new(fixture.Client);

    [Theory]
    [InlineData("""{"name":"g","url":"http://127.0.0.1:1","token":"t"}""", "url")]
    [InlineData("""{"name":"g","url":"ws://127.0.0.1:1"}""", "token")]
    [InlineData("""{"url":"ws://127.0.0.1:1","token":"t"}""", "name")]
    [InlineData("""{"name":"g","url":"ws://127.0.0.1:1","token":"t","max_concurrent_sessions":0}""", "max_concurrent_sessions")]
    [InlineData("""{"name":"g","url":"ws://127.0.0.1:1","token":"t","agent_id":"bad id"}""", "agent_id")]
    [InlineData("""{"name":"g","url":"ws://127.0.0.1:1","token":"t","queues":["a/b"]}""", "queues")]
    [InlineData("""{"name":"g","url":"ws://user:pw@127.0.0.1:1","token":"t"}""", "url")]
    [InlineData("""{"name":"g","url":"ws://127.0.0.1:1/?token=abc","token":"t"}""", "url")]
    [InlineData("""{"name":"g","url":"ws://127.0.0.1:1","token":"t","labels":{"zone":"a\u0007"}}""", "labels")]
    public async Task A_bad_registration_is_refused_naming_the_field(string body, string field)
    {
        var problem = await (await _api.Http.PostJsonAsync("/api/v1/openclaw/gateways", body)).AssertValidationProblemAsync();

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Unknown_gateways_answer_404()
    {
        await (await _api.Http.GetAsync("/api/v1/openclaw/gateways/no-such-gateway")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _api.Http.PostAsync("/api/v1/openclaw/gateways/no-such-gateway/probe", null)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _api.Http.DeleteAsync("/api/v1/openclaw/gateways/no-such-gateway")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task An_unreachable_gateway_is_listed_connecting_with_its_error_and_no_token_and_its_probe_says_why()
    {
        var id = ClawApi.NewId("gw-away");
        var port = FreePort.Next(); // nothing listens there
        var created = await _api.Http.PostJsonAsync("/api/v1/openclaw/gateways",
            $$$"""{"id":"{{{id}}}","name":"away","url":"ws://127.0.0.1:{{{port}}}","token":"secret-token-value","labels":{"zone":"a"}}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.DoesNotContain("secret-token-value", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var gateway = await Eventually.Until(() => ConnectorFixture.GatewayAsync(_api, id), g => g.GetProperty("recent_errors").GetArrayLength() > 0, TimeSpan.FromSeconds(30), "the first failed attempt");
        var probe = await (await _api.Http.PostAsync($"/api/v1/openclaw/gateways/{id}/probe", null)).EnsureSuccessStatusCode().ReadJsonAsync();
        var list = await (await _api.Http.GetAsync("/api/v1/openclaw/gateways?limit=500")).EnsureSuccessStatusCode().ReadJsonAsync();

        Assert.Equal("connecting", gateway.Str("status"));
        Assert.Equal("UNREACHABLE", gateway.GetProperty("recent_errors")[0].Str("code"));
        Assert.Equal("a", gateway.GetProperty("labels").Str("zone"));
        Assert.False(probe.GetProperty("ok").GetBoolean());
        Assert.False(string.IsNullOrEmpty(probe.Str("error")));
        Assert.Contains(list.GetProperty("items").EnumerateArray(), g => g.Str("id") == id);
        Assert.DoesNotContain("secret-token-value", list.ToString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await _api.Http.DeleteAsync($"/api/v1/openclaw/gateways/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Http.GetAsync($"/api/v1/nodes/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_gateway_cannot_take_the_id_of_a_node_that_is_not_one()
    {
        var node = await _api.RegisterNodeAsync();

        var refused = await _api.Http.PostJsonAsync("/api/v1/openclaw/gateways", $$"""{"id":"{{node}}","name":"g","url":"ws://127.0.0.1:1","token":"t"}""");

        await refused.AssertProblemAsync(HttpStatusCode.Conflict, "node_id_taken");
    }
}

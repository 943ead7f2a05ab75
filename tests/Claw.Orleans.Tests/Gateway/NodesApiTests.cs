using System.Net;
using System.Text.Json;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class NodesApiTests(GatewayFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Register_answers_201_with_the_node_offline_and_its_location()
    {
        var id = NewId();
        var response = await _client.PostJsonAsync("/api/v1/nodes", $$$"""
            {"id":"{{{id}}}","name":"coder","capabilities":["python","git"],"resources":{"cpu_cores":8,"memory_mb":16384},
             "models":["gpt-x"],"labels":{"zone":"eu"},"max_concurrent_tasks":3,"metadata":{"version":"1.2"}}
            """);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.EndsWith($"/api/v1/nodes/{id}", response.Headers.Location?.ToString(), StringComparison.Ordinal);
        var node = await response.ReadJsonAsync();
        Assert.Equal(id, node.GetProperty("id").GetString());
        Assert.Equal("offline", node.GetProperty("status").GetString()); // until its first sign of life
        Assert.Equal(JsonValueKind.Null, node.GetProperty("last_seen").ValueKind);
        Assert.Equal(3, node.GetProperty("max_concurrent_tasks").GetInt32());
        Assert.Equal(8, node.GetProperty("resources").GetProperty("cpu_cores").GetDouble());
        Assert.Equal("1.2", node.GetProperty("metadata").GetProperty("version").GetString());
        Assert.Equal(0, node.GetProperty("active_leases").GetInt32());
        Assert.EndsWith("Z", node.GetProperty("created_at").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_generates_a_uuid_when_no_id_is_given()
    {
        var node = await (await _client.PostJsonAsync("/api/v1/nodes", """{"name":"anonymous"}""")).ReadJsonAsync();
        Assert.True(Guid.TryParse(node.GetProperty("id").GetString(), out _));
    }

    [Fact]
    public async Task Re_registering_the_same_id_updates_in_place_and_keeps_created_at()
    {
        var id = NewId();
        var first = await (await _client.PostJsonAsync("/api/v1/nodes", $$"""{"id":"{{id}}","name":"v1","capabilities":["a"]}""")).ReadJsonAsync();
        var second = await (await _client.PostJsonAsync("/api/v1/nodes", $$"""{"id":"{{id}}","name":"v2","capabilities":["a","b"]}""")).ReadJsonAsync();
        Assert.Equal(first.GetProperty("created_at").GetString(), second.GetProperty("created_at").GetString());
        var fetched = await (await _client.GetAsync($"/api/v1/nodes/{id}")).ReadJsonAsync();
        Assert.Equal("v2", fetched.GetProperty("name").GetString());
        Assert.Equal(2, fetched.GetProperty("capabilities").GetArrayLength());
    }

    [Fact]
    public async Task Bots_is_an_alias_of_nodes()
    {
        var id = NewId();
        Assert.Equal(HttpStatusCode.Created, (await _client.PostJsonAsync("/api/v1/bots", $$"""{"id":"{{id}}","name":"clawbot"}""")).StatusCode);
        var viaNodes = await (await _client.GetAsync($"/api/v1/nodes/{id}")).ReadJsonAsync();
        Assert.Equal("clawbot", viaNodes.GetProperty("name").GetString());
        (await _client.PostAsync($"/api/v1/bots/{id}/heartbeat", null)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Lists_page_with_a_cursor_and_filter_by_capability_and_swarm()
    {
        var capability = "cap-" + Guid.NewGuid().ToString("N")[..8];
        var ids = new List<string>();
        var prefix = NewId(); // registrations in the same clock tick are ordered by id: let that order be theirs too
        for (var i = 0; i < 5; i++)
        {
            var id = $"{prefix}-{i}";
            ids.Add(id);
            (await _client.PostJsonAsync("/api/v1/nodes", $$"""{"id":"{{id}}","name":"n{{i}}","capabilities":["{{capability}}"],"swarm_id":"swarm-{{capability}}"}""")).EnsureSuccessStatusCode();
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = $"/api/v1/nodes?capability={capability}&limit=2" + (cursor is null ? "" : "&cursor=" + cursor);
            var page = await (await _client.GetAsync(url)).EnsureSuccessStatusCode().ReadJsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(n => n.GetProperty("id").GetString()!));
            cursor = page.GetProperty("next_cursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next_cursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(ids, seen);
        Assert.Equal(3, pages);

        var bySwarm = await (await _client.GetAsync($"/api/v1/nodes?swarm_id=swarm-{capability}&status=offline")).ReadJsonAsync();
        Assert.Equal(5, bySwarm.GetProperty("items").GetArrayLength());
        (await _client.PostAsync($"/api/v1/nodes/{ids[0]}/heartbeat", null)).EnsureSuccessStatusCode();
        var online = await (await _client.GetAsync($"/api/v1/nodes?swarm_id=swarm-{capability}&status=online")).ReadJsonAsync();
        Assert.Equal(ids[0], Assert.Single(online.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Idempotency_key_on_registration_replays_the_same_body_and_refuses_another()
    {
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> Register(string name)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/nodes") { Content = HttpAssertions.Json($$"""{"name":"{{name}}"}""") };
            request.Headers.Add("Idempotency-Key", key);
            return await _client.SendAsync(request);
        }

        var first = await Register("keyed");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var replay = await Register("keyed");
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replay").Single());
        Assert.Equal((await first.ReadJsonAsync()).GetProperty("id").GetString(), (await replay.ReadJsonAsync()).GetProperty("id").GetString());
        await (await Register("another")).AssertProblemAsync(HttpStatusCode.Conflict, "idempotency_conflict");
        var node = await (await _client.GetAsync($"/api/v1/nodes/{(await first.ReadJsonAsync()).GetProperty("id").GetString()}")).ReadJsonAsync();
        Assert.Equal("keyed", node.GetProperty("name").GetString());
    }

    private static string NewId() => "node-" + Guid.NewGuid().ToString("N")[..12];
}

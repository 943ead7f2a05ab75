using System.Net;
using System.Text.Json;
using Claw.Tests.Infrastructure;
using static Claw.Tests.ClawBot.ClawBotShapes;

namespace Claw.Tests.ClawBot;

/// <summary>
/// <c>/bots</c> as ClawBot Coordinator clients use it: its own API tests (tests/feature/test_bot_api.py) replayed over
/// HTTP against a real host, and the shapes of every answer pinned, with Claw's node fields beside ClawBot's.
/// Counts are scoped by a capability of each test's own, as the host is shared.
/// </summary>
[Collection(ClawBotCollection.Name)]
public sealed class BotsCompatibilityTests(GatewayFixture fixture)
{
    private const string Unknown = "00000000-0000-0000-0000-000000000000";

    private readonly HttpClient _http = fixture.Client;

    [Fact]
    public async Task Register_answers_201_with_the_bot_offline_never_seen_and_claws_node_fields_beside()
    {
        var response = await _http.PostJsonAsync("/api/v1/bots", """{"name":"test-bot","capabilities":["python","docker"],"metadata":{"version":"1.0"}}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var bot = Has(await response.ReadJsonAsync(), BotFields, ["max_concurrent_tasks", "active_leases", "last_heartbeat_at", "resources", "labels"]);
        Assert.True(Guid.TryParse(bot.Str("id"), out _));
        Assert.Equal(("test-bot", "offline"), (bot.Str("name"), bot.Str("status")));
        Assert.Equal(["python", "docker"], bot.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(JsonValueKind.Null, bot.GetProperty("last_seen").ValueKind);
        Assert.Equal("1.0", bot.GetProperty("metadata").Str("version"));
        Assert.EndsWith($"/api/v1/bots/{bot.Str("id")}", response.Headers.Location!.ToString(), StringComparison.Ordinal);

        var bare = await (await _http.PostJsonAsync("/api/v1/bots", """{"name":"no-metadata"}""")).ReadJsonAsync();
        Assert.Equal(JsonValueKind.Object, bare.GetProperty("metadata").ValueKind); // {} as ClawBot answers, never null
    }

    [Theory]
    [InlineData("""{"name":"","capabilities":["python"]}""")]
    [InlineData("""{"name":"   "}""")]
    [InlineData("""{"capabilities":["python"]}""")]
    public async Task A_missing_or_empty_name_is_a_422_validation_failed_naming_it(string body)
    {
        var problem = await (await _http.PostJsonAsync("/api/v1/bots", body)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _), problem.ToString());
        Assert.False(string.IsNullOrEmpty(problem.Str("detail")));
    }

    [Fact]
    public async Task A_name_is_1_to_255_characters_and_a_malformed_body_is_a_400()
    {
        Assert.Equal(HttpStatusCode.Created, (await _http.PostJsonAsync("/api/v1/bots", $$"""{"name":"{{new string('n', 255)}}"}""")).StatusCode);
        await (await _http.PostJsonAsync("/api/v1/bots", $$"""{"name":"{{new string('n', 256)}}"}""")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await _http.PostJsonAsync("/api/v1/bots", """{"name":""")).AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_json");
    }

    [Fact]
    public async Task Get_answers_the_bot_and_an_unknown_bot_is_a_404_with_a_sentence()
    {
        var id = (await RegisterAsync("test-bot", "python")).Str("id");
        var bot = Has(await (await _http.GetAsync($"/api/v1/bots/{id}")).EnsureSuccessStatusCode().ReadJsonAsync(), BotFields);
        Assert.Equal((id, "test-bot"), (bot.Str("id"), bot.Str("name")));
        var missing = await (await _http.GetAsync($"/api/v1/bots/{Unknown}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Contains(Unknown, missing.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_list_is_items_total_skip_limit_paged_by_skip_with_a_cursor_to_page_on()
    {
        var capability = ClawApi.NewId("cap");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await RegisterAsync($"bot-{i}", capability)).Str("id"));
        }

        var all = Has(await GetJsonAsync($"/api/v1/bots?capability={capability}"), ListPage);
        Assert.Equal((3L, 0, 100), (all.GetProperty("total").GetInt64(), all.GetProperty("skip").GetInt32(), all.GetProperty("limit").GetInt32()));
        Assert.Equal(ids.Order(), all.GetProperty("items").EnumerateArray().Select(b => Has(b, BotFields).Str("id")).Order());
        Assert.Equal(JsonValueKind.Null, all.GetProperty("next_cursor").ValueKind);

        var order = all.GetProperty("items").EnumerateArray().Select(b => b.Str("id")).ToList();
        var middle = await GetJsonAsync($"/api/v1/bots?capability={capability}&skip=1&limit=1");
        Assert.Equal((3L, 1, 1), (middle.GetProperty("total").GetInt64(), middle.GetProperty("skip").GetInt32(), middle.GetProperty("limit").GetInt32()));
        Assert.Equal(order[1], Assert.Single(middle.GetProperty("items").EnumerateArray()).Str("id"));

        var next = await GetJsonAsync($"/api/v1/bots?capability={capability}&limit=1&cursor={middle.Str("next_cursor")}");
        Assert.Equal(order[2], Assert.Single(next.GetProperty("items").EnumerateArray()).Str("id"));
        Assert.Equal(JsonValueKind.Null, next.GetProperty("next_cursor").ValueKind);
        Assert.False(next.TryGetProperty("total", out _)); // a cursor pages as every Claw list does

        foreach (var bad in new[] { "skip=-1", "limit=0", "limit=1001" })
        {
            await (await _http.GetAsync($"/api/v1/bots?{bad}")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        }

        Assert.Equal(1000, (await GetJsonAsync($"/api/v1/bots?capability={capability}&limit=1000")).GetProperty("limit").GetInt32());
    }

    [Fact]
    public async Task A_heartbeat_answers_clawbots_acknowledgement_and_brings_the_bot_online()
    {
        var id = (await RegisterAsync("test-bot", "python")).Str("id");
        var beat = Has(await (await _http.PostAsync($"/api/v1/bots/{id}/heartbeat", null)).EnsureSuccessStatusCode().ReadJsonAsync(), Heartbeat);
        Assert.Equal((id, "online", "Heartbeat acknowledged"), (beat.Str("bot_id"), beat.Str("status"), beat.Str("message")));
        Assert.True(beat.GetProperty("last_seen").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.Equal("online", (await GetJsonAsync($"/api/v1/bots/{id}")).Str("status"));
        await (await _http.PostAsync($"/api/v1/bots/{Unknown}/heartbeat", null)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Busy_is_taken_only_from_online_and_available_makes_the_bot_online_again()
    {
        var id = (await RegisterAsync("test-bot", "python")).Str("id");
        var refused = await (await _http.PostAsync($"/api/v1/bots/{id}/busy", null)).AssertProblemAsync(HttpStatusCode.Conflict, "invalid_state_transition");
        Assert.Contains("offline", refused.Str("detail"), StringComparison.Ordinal);
        Assert.Equal("offline", (await GetJsonAsync($"/api/v1/bots/{id}")).Str("status")); // the refused call was no sign of life

        (await _http.PostAsync($"/api/v1/bots/{id}/heartbeat", null)).EnsureSuccessStatusCode();
        var busy = Has(await (await _http.PostAsync($"/api/v1/bots/{id}/busy", null)).EnsureSuccessStatusCode().ReadJsonAsync(), BotFields);
        Assert.Equal("busy", busy.Str("status"));
        var available = Has(await (await _http.PostAsync($"/api/v1/bots/{id}/available", null)).EnsureSuccessStatusCode().ReadJsonAsync(), BotFields);
        Assert.Equal("online", available.Str("status"));
    }

    [Fact]
    public async Task Available_lists_only_online_bots_and_capability_lists_every_bot_that_has_it_as_bare_arrays()
    {
        var capability = ClawApi.NewId("cap");
        var other = ClawApi.NewId("cap");
        var online = (await RegisterAsync("bot1", capability, other)).Str("id");
        var neverOnline = (await RegisterAsync("bot2", capability)).Str("id");
        await RegisterAsync("bot3", other);
        (await _http.PostAsync($"/api/v1/bots/{online}/heartbeat", null)).EnsureSuccessStatusCode();

        foreach (var path in new[] { $"/api/v1/bots/available/?capability={capability}", $"/api/v1/bots/available?capability={capability}" })
        {
            var available = Array(await GetJsonAsync(path));
            Assert.Equal(online, Has(Assert.Single(available), BotFields).Str("id"));
        }

        var withCapability = Array(await GetJsonAsync($"/api/v1/bots/capability/{capability}"));
        Assert.Equal(new[] { online, neverOnline }.Order(), withCapability.Select(b => Has(b, BotFields).Str("id")).Order());
        Assert.All(withCapability, b => Assert.Contains(capability, b.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString())));
        Assert.Empty(Array(await GetJsonAsync($"/api/v1/bots/capability/{ClawApi.NewId("none")}/")));
    }

    [Fact]
    public async Task Delete_answers_204_and_the_bot_is_gone()
    {
        var id = (await RegisterAsync("test-bot", "python")).Str("id");
        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync($"/api/v1/bots/{id}")).StatusCode);
        await (await _http.GetAsync($"/api/v1/bots/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.DeleteAsync($"/api/v1/bots/{Unknown}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task The_api_alias_without_a_version_serves_the_same_bots()
    {
        var created = await (await _http.PostJsonAsync("/api/bots", """{"name":"dash-bot","capabilities":["python"]}""")).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal("dash-bot", (await GetJsonAsync($"/api/v1/bots/{created.Str("id")}")).Str("name"));
        Assert.Equal("online", (await (await _http.PostAsync($"/api/bots/{created.Str("id")}/heartbeat", null)).EnsureSuccessStatusCode().ReadJsonAsync()).Str("status"));
        Assert.Equal(created.Str("id"), (await GetJsonAsync($"/api/bots/{created.Str("id")}")).Str("id"));
        await (await _http.GetAsync("/api/nope/nothing")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    private async Task<JsonElement> RegisterAsync(string name, params string[] capabilities)
    {
        var body = JsonSerializer.Serialize(new { name, capabilities });
        var response = await _http.PostJsonAsync("/api/v1/bots", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private async Task<JsonElement> GetJsonAsync(string path) => await (await _http.GetAsync(path)).EnsureSuccessStatusCode().ReadJsonAsync();
}

using System.Text.Json;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Hardening;

/// <summary>
/// <c>GET /nodes/available</c> and <c>/bots/available</c> come from the catalog on the dispatch matcher: online nodes
/// with a free slot and every capability asked for; a node set busy or with every slot leased is not available.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class AvailableNodesTests(GatewayFixture fixture)
{
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public async Task Only_online_nodes_with_a_free_slot_and_every_capability_are_available()
    {
        var gpu = ClawApi.NewId("gpu");
        var code = ClawApi.NewId("code");
        var both = await _api.RegisterNodeAsync($"[\"{gpu}\",\"{code}\"]");
        var gpuOnly = await _api.RegisterNodeAsync($"[\"{gpu}\"]");
        var busy = await _api.RegisterNodeAsync($"[\"{gpu}\",\"{code}\"]");
        (await _api.Http.PostAsync($"/api/v1/bots/{busy}/busy", null)).EnsureSuccessStatusCode();
        var full = await _api.RegisterNodeAsync($"[\"{gpu}\",\"{code}\"]", slots: 1);
        var queue = ClawApi.NewId("q");
        await _api.SubmitAsync(queue);
        await _api.PollOneAsync(full, queue, wait: 5);
        var drained = await _api.RegisterNodeAsync($"[\"{gpu}\"]");
        (await _api.Http.PostAsync($"/api/v1/nodes/{drained}/drain", null)).EnsureSuccessStatusCode();

        Assert.Equal([both, gpuOnly], await IdsAsync($"/api/v1/nodes/available?capability={gpu}", paged: true));
        Assert.Equal([both], await IdsAsync($"/api/v1/nodes/available?capability={gpu}&capability={code}", paged: true));
        Assert.Equal([both, gpuOnly], await IdsAsync($"/api/v1/bots/available?capability={gpu}", paged: false));
        Assert.Empty(await IdsAsync($"/api/v1/bots/available?capability={ClawApi.NewId("none")}", paged: false));

        (await _api.Http.PostAsync($"/api/v1/bots/{busy}/available", null)).EnsureSuccessStatusCode();
        Assert.Equal([both, busy], await IdsAsync($"/api/v1/nodes/available?capability={gpu}&capability={code}", paged: true));
    }

    private async Task<List<string>> IdsAsync(string path, bool paged)
    {
        var body = await (await _api.Http.GetAsync(path)).EnsureSuccessStatusCode().ReadJsonAsync();
        var items = paged ? body.GetProperty("items") : body;
        Assert.Equal(JsonValueKind.Array, items.ValueKind);
        return [.. items.EnumerateArray().Select(n => n.Str("id"))];
    }
}

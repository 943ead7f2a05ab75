using System.Text.Json;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Operations;

/// <summary><c>GET|PUT /swarm/alerts/thresholds</c> and <c>POST …/reset</c>: validated, persisted, restored.</summary>
[Collection(OperationsCollection.Name)]
public sealed class AlertThresholdsTests(OperationsFixture fixture)
{
    private const string Path = "/api/v1/swarm/alerts/thresholds";
    private readonly HttpClient _http = fixture.Client;

    [Fact]
    public async Task A_put_replaces_the_set_omitted_fields_take_their_defaults_and_reset_restores_them()
    {
        await ResetAsync();
        var defaults = await GetAsync();
        Assert.Equal((0.8, 3, 0.5, 0.9), (defaults.GetProperty("buffer_utilization").GetDouble(), defaults.GetProperty("crash_count").GetInt32(),
            defaults.GetProperty("revocation_rate").GetDouble(), defaults.GetProperty("ip_pool_utilization").GetDouble()));
        Assert.Equal(JsonValueKind.Null, defaults.GetProperty("queue_depth").ValueKind);
        Assert.Equal(JsonValueKind.Null, defaults.GetProperty("updated_at").ValueKind);

        var put = await (await _http.PutAsync(Path, HttpAssertions.Json("""{"crash_count":5,"queue_depth":250,"dispatch_p99_ms":1500.5}"""))).EnsureSuccessStatusCode().ReadJsonAsync();
        var read = await GetAsync();
        Assert.Equal(put.ToString(), read.ToString());
        Assert.Equal((5, 250, 1500.5, 0.8), (read.GetProperty("crash_count").GetInt32(), read.GetProperty("queue_depth").GetInt32(),
            read.GetProperty("dispatch_p99_ms").GetDouble(), read.GetProperty("buffer_utilization").GetDouble()));
        Assert.NotEqual(JsonValueKind.Null, read.GetProperty("updated_at").ValueKind);

        var reset = await ResetAsync();
        Assert.Equal(defaults.ToString(), reset.ToString());
        Assert.Equal(defaults.ToString(), (await GetAsync()).ToString());
    }

    [Fact]
    public async Task Out_of_range_thresholds_are_refused_field_by_field_and_change_nothing()
    {
        (await _http.PutAsync(Path, HttpAssertions.Json("""{"crash_count":7}"""))).EnsureSuccessStatusCode();
        var before = await GetAsync();

        var refused = await _http.PutAsync(Path, HttpAssertions.Json("""{"buffer_utilization":1.5,"crash_count":0,"revocation_rate":-0.1,"ip_pool_utilization":0,"queue_depth":0,"dispatch_p99_ms":-3}"""));
        await refused.AssertInvalidAsync("buffer_utilization", "crash_count", "revocation_rate", "ip_pool_utilization", "queue_depth", "dispatch_p99_ms");
        await (await _http.PutAsync(Path, HttpAssertions.Json("""{"crash_count":"many"}"""))).AssertInvalidAsync();

        Assert.Equal(before.ToString(), (await GetAsync()).ToString());
        await ResetAsync();
    }

    [Fact]
    public async Task Thresholds_survive_a_restart_of_the_whole_host()
    {
        using var data = new TempDirectory();
        await using (var first = await ClawTestHost.StartAsync(data.Path))
        {
            using var client = first.CreateClient();
            (await client.PutAsync(Path, HttpAssertions.Json("""{"revocation_rate":0.25,"queue_depth":40}"""))).EnsureSuccessStatusCode();
        }

        await using var second = await ClawTestHost.StartAsync(data.Path);
        using var again = second.CreateClient();
        var read = await (await again.GetAsync(Path)).EnsureSuccessStatusCode().ReadJsonAsync();
        Assert.Equal((0.25, 40, 3), (read.GetProperty("revocation_rate").GetDouble(), read.GetProperty("queue_depth").GetInt32(), read.GetProperty("crash_count").GetInt32()));
    }

    private async Task<JsonElement> GetAsync() => await (await _http.GetAsync(Path)).EnsureSuccessStatusCode().ReadJsonAsync();

    private async Task<JsonElement> ResetAsync() => await (await _http.PostAsync(Path + "/reset", null)).EnsureSuccessStatusCode().ReadJsonAsync();
}

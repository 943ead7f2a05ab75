using System.Text.RegularExpressions;
using Claw.Tests.Infrastructure;

namespace Claw.Tests.Gateway;

/// <summary>
/// <c>/metrics</c> as Prometheus scrapes it. These run alone, on a host of their own: every host in this test process
/// creates a meter named <c>Claw.Orleans</c>, and OpenTelemetry drops the series a meter shares with a same-named one
/// once either is disposed (open-telemetry/opentelemetry-dotnet#6412), so a cluster ending in a parallel test would
/// take our series with it. A silo process holds one host and never meets this.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed partial class MetricsEndpointTests(GatewayFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;
    private readonly ClawApi _api = new(fixture.Client);

    [Fact]
    public async Task Metrics_are_valid_prometheus_text_with_orleans_and_claw_series()
    {
        // Cause some traffic first so request and grain meters have recorded something.
        await _client.GetAsync("/health/ready");
        await _client.GetAsync("/api/v1/nodes");

        var response = await _client.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var text = await response.Content.ReadAsStringAsync();
        var samples = text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.All(samples, line => Assert.Matches(SampleLine(), line));
        Assert.Contains(samples, l => l.StartsWith("orleans_", StringComparison.Ordinal));
        Assert.Contains(samples, l => l.StartsWith("claw_build_info", StringComparison.Ordinal));
        Assert.Contains(samples, l => l.StartsWith("http_server_request_duration", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Task_metrics_reach_the_prometheus_endpoint()
    {
        var queue = ClawApi.NewId("q");
        await _api.SubmitAsync(queue);
        var node = await _api.RegisterNodeAsync();
        (await _api.CompleteLeaseAsync(await _api.PollOneAsync(node, queue, wait: 0))).EnsureSuccessStatusCode();
        string[] series = ["claw_tasks_submitted_total", "claw_tasks_completed_total", "claw_task_dispatch_latency_seconds_bucket", "claw_task_complete_latency_seconds_bucket",
            "claw_nodes_online", "claw_queue_depth", "claw_tasks_pending_resident", "claw_storage_commits_total", "claw_storage_commit_duration_seconds_bucket", "claw_storage_write_latency_seconds_bucket"];

        // The exporter answers a scrape from a cache for a moment (300 ms by default), so a scrape just before may answer this one.
        var text = await Eventually.Until(
            async () => await (await _api.Http.GetAsync("/metrics")).Content.ReadAsStringAsync(),
            body => body.Contains($"queue=\"{queue}\"", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the task's series in a fresh scrape");
        Assert.All(series, name => Assert.Contains($"\n{name}", text, StringComparison.Ordinal));
    }

    // name{labels} value [timestamp] — the sample line grammar of the Prometheus text format.
    [GeneratedRegex("""^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? ([-+]?[0-9.eE+-]+|[-+]?Inf|NaN)( -?[0-9]+)?$""")]
    private static partial Regex SampleLine();
}

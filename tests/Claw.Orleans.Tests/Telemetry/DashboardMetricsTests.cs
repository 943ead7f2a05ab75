using System.Diagnostics.Metrics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Claw.Grains.Telemetry;
using Claw.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Claw.Tests.Telemetry;

/// <summary>
/// deploy/grafana/claw.json and deploy/prometheus/alerts.yml read only series that a real host exports: each metric
/// name in their expressions is on a live <c>/metrics</c> page after the work that makes it (tasks completed and failed,
/// a lease expired and its late result refused, a node crashed, a WebSocket open and one closed by the server).
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class DashboardMetricsTests
{
    /// <summary>Series Prometheus makes itself, never on a target's page.</summary>
    private static readonly HashSet<string> PrometheusOwn = ["up"];

    /// <summary>
    /// Counters only a fault makes (two activations of one lane's grain counting apart), each counted where its fault is
    /// made (Faults/DuplicateLaneTests); here it is enough that Claw defines them.
    /// </summary>
    private static readonly HashSet<string> FaultOnly = ["claw_leases_refused_at_limit_total"];

    [Fact]
    public async Task Every_metric_the_dashboard_and_the_alert_rules_read_is_on_a_live_metrics_page()
    {
        var expressions = PromQl.DashboardExpressions(await File.ReadAllTextAsync(RepositoryFiles.Path("deploy", "grafana", "claw.json")))
            .Concat(PromQl.RuleExpressions(await File.ReadAllTextAsync(RepositoryFiles.Path("deploy", "prometheus", "alerts.yml"))))
            .ToList();
        var wanted = expressions.SelectMany(PromQl.MetricNames).Where(n => !PrometheusOwn.Contains(n) && !FaultOnly.Contains(n)).ToHashSet();
        Assert.True(wanted.Count >= 25, $"only {wanted.Count} metric names read from {expressions.Count} expressions: {string.Join(", ", wanted)}");

        using var data = new TempDirectory();
        await using var host = await ClawTestHost.StartAsync(data.Path,
            "--crash-after", "00:00:03", "--Claw:MinimumReminderPeriod", "00:00:01", "--Claw:Sockets:MaxFrameBytes", "1024");
        using var client = host.CreateClient();
        var api = new ClawApi(client);
        await DoEveryKindOfWorkAsync(api);
        await using var open = await OpenSessionAsync(api, host);

        // The exporter answers from a cache for a moment, and a crash is declared a few seconds after the silence began.
        var missing = await Eventually.Until(
            async () => string.Join(", ", wanted.Except(SampleNames(await client.GetStringAsync("/metrics"))).Order()),
            m => m.Length == 0, TimeSpan.FromSeconds(30), "every series of the dashboard and the rules on /metrics (the value: those missing)");
        Assert.Empty(missing);
    }

    [Fact]
    public void The_fault_only_counters_are_counters_claw_defines()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var defined = new HashSet<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                // This test's meter only, not a running host's of the same name (as BreakerMetricTests reads it).
                if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument is Counter<long>)
                {
                    lock (defined)
                    {
                        defined.Add(instrument.Name.Replace('.', '_') + "_total"); // the exporter's name for a counter
                    }
                }
            },
        };
        listener.Start();
        _ = new ClawMetrics(factory);

        Assert.Subset(defined, FaultOnly);
    }

    [Fact]
    public void The_promql_reader_finds_metrics_not_functions_labels_numbers_or_variables()
    {
        var names = PromQl.MetricNames(
            """1000 * histogram_quantile(0.99, sum by (le, instance) (rate(claw_a_bucket{job=~"$job",code!="x y"}[$__rate_interval]))) > on (queue) (sum(claw_b_total offset 5m) or vector(1e-9)) / bool up""");
        Assert.Equal(["claw_a_bucket", "claw_b_total", "up"], names.Order());

        var rules = PromQl.RuleExpressions("      - alert: A\n        expr: |\n          sum(a_total)\n            /\n          b_total\n        for: 1m\n      - alert: B\n        expr: c > 1\n");
        Assert.Equal(["sum(a_total) / b_total", "c > 1"], rules);
    }

    private static async Task DoEveryKindOfWorkAsync(ClawApi api)
    {
        var queue = ClawApi.NewId("q");

        // Completed.
        await api.SubmitAsync(queue);
        var worker = await api.RegisterNodeAsync();
        (await api.CompleteLeaseAsync(await api.PollOneAsync(worker, queue))).EnsureSuccessStatusCode();

        // Failed for good.
        await api.SubmitAsync(queue, ""","max_retries":0""");
        var failing = await api.PollOneAsync(worker, queue);
        (await api.Http.PostJsonAsync($"/api/v1/leases/{failing.Str("lease_id")}/fail", $$"""{"token":"{{failing.Str("lease_token")}}","error":"boom","retriable":false}""")).EnsureSuccessStatusCode();

        // A lease that expires (a retry follows), and its late result refused. The silent nodes are declared crashed.
        var slow = await api.SubmitAsync(queue, ""","timeout_seconds":1,"retry_backoff":{"initial_seconds":0}""");
        var zombie = await api.RegisterNodeAsync();
        var late = await api.PollOneAsync(zombie, queue);
        await Eventually.Until(() => api.TaskAsync(slow.Str("id")), t => t.GetProperty("attempt").GetInt32() == 2, TimeSpan.FromSeconds(20), "the lease to expire");
        Assert.Equal(HttpStatusCode.Conflict, (await api.CompleteLeaseAsync(late)).StatusCode);

        // A session the server closes: a frame over Claw:Sockets:MaxFrameBytes.
        var flooder = await api.RegisterNodeAsync();
        await using var ws = await WsClient.ConnectAsync(api.Http.BaseAddress!, flooder);
        var oversized = System.Text.Json.JsonSerializer.Serialize(new { type = "heartbeat", payload = new { pad = new string('x', 4096) } });
        await ws.SendRawAsync(Encoding.UTF8.GetBytes(oversized), WebSocketMessageType.Text);
        await ws.UntilClosedAsync();
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, ws.CloseStatus);
    }

    /// <summary>A control channel that stays open while the test scrapes: an upgraded connection on Kestrel's meter.</summary>
    private static async Task<WsClient> OpenSessionAsync(ClawApi api, ClawTestHost host)
    {
        var ws = await WsClient.ConnectAsync(host.BaseAddress, await api.RegisterNodeAsync());
        await ws.ExpectAsync("connected");
        return ws;
    }

    private static HashSet<string> SampleNames(string page) =>
        [.. page.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l[..l.IndexOfAny([' ', '{'])])];
}

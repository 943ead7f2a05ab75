using System.Diagnostics;
using System.Net.Http.Headers;
using Claw.Abstractions;
using Claw.Gateway.Telemetry;
using Claw.Grains.Telemetry;
using Claw.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Claw.Tests.Telemetry;

/// <summary>
/// Traces through the real hosts, exported by the real OTLP exporter to a collector the test runs. An agent that
/// propagates its trace context (W3C <c>traceparent</c>) sees its submit, its poll and its completion as one trace: the
/// gateway's request spans, Orleans' grain-call spans, and our storage writes and commits under them.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TracingTests
{
    private const string AspNetCore = "Microsoft.AspNetCore";
    private const string OrleansGrains = "Microsoft.Orleans.Application";

    [Fact]
    public async Task A_submit_lease_and_complete_over_http_are_one_connected_trace()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        using var data = new TempDirectory();
        var (traceId, rootSpanId, correlationId) = NewTraceContext();
        var host = await ClawTestHost.StartAsync(data.Path, ExportTo(collector));
        await using (host)
        {
            using var client = TracedClient(host.CreateClient(), traceId, rootSpanId, correlationId);
            await SubmitLeaseCompleteAsync(new ClawApi(client));
        }

        // Stopping the host flushed its exporter.
        var trace = collector.Trace(traceId);
        var report = string.Join("\n", trace.Select(s => s.ToString()));
        var requests = trace.Where(s => s.Scope == AspNetCore && s.Kind == SpanKind.Server).Select(s => s.Attribute("http.route")?.TrimEnd('/')).ToList();
        Assert.True(requests.Contains("/api/v1/tasks") && requests.Contains("/api/v1/nodes/{id}/poll") && requests.Contains("/api/v1/leases/{id}/complete"), report);
        Assert.True(trace.Any(s => s.Scope == OrleansGrains && s.Kind == SpanKind.Client), "grain calls made: " + report);
        Assert.True(trace.Any(s => s.Scope == OrleansGrains && s.Kind == SpanKind.Server), "grain calls served: " + report);
        Assert.True(trace.Any(s => s.Name == "claw.storage.write" && int.Parse(s.Attribute(ClawTraces.BatchSizeAttribute) ?? "0") >= 1), "storage writes: " + report);
        Assert.True(trace.Any(s => s.Name == "claw.storage.commit" && s.Attribute(ClawTraces.DatabaseSystemAttribute) == "sqlite"), "storage commits: " + report);

        // Connected: every span hangs from another span of the trace, up to the agent's own span.
        var spanIds = trace.Select(s => s.SpanId).ToHashSet();
        Assert.All(trace, s => Assert.True(spanIds.Contains(s.ParentSpanId) || s.ParentSpanId == rootSpanId, $"{s} is not connected:\n{report}"));

        // The correlation id rides on the requests, the grain calls and the storage spans alike.
        Assert.All(trace.Where(s => s.Scope is AspNetCore or OrleansGrains or ClawTraces.SourceName),
            s => Assert.True(s.Attribute(CorrelationContext.SpanAttribute) == correlationId, $"{s} lacks the correlation id"));
    }

    [Fact]
    public async Task A_gateway_process_carries_the_trace_into_the_silo_it_calls()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        using var data = new TempDirectory();
        var gatewayPort = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (traceId, rootSpanId, correlationId) = NewTraceContext();
        var silo = await ClawTestHost.StartAsync(data.Path, [.. ExportTo(collector), "--gateway-port", gatewayPort]);
        await using (silo)
        {
            var gateway = await ClawTestHost.StartGatewayAsync([.. ExportTo(collector), "--gateway-port", gatewayPort]);
            await using (gateway)
            {
                using var client = TracedClient(gateway.CreateClient(), traceId, rootSpanId, correlationId);
                await new ClawApi(client).SubmitAsync(ClawApi.NewId("q"));
            }
        }

        var trace = collector.Trace(traceId);
        var report = string.Join("\n", trace.Select(s => s.ToString()));
        var request = Assert.Single(trace, s => s.Scope == AspNetCore && s.Kind == SpanKind.Server);
        Assert.Equal(rootSpanId, request.ParentSpanId);

        // The gateway's grain call (an Orleans client) and the silo's serving of it, across the Orleans wire.
        var calls = trace.Where(s => s.Scope == OrleansGrains && s.Kind == SpanKind.Client && s.ParentSpanId == request.SpanId).ToList();
        Assert.True(calls.Count > 0, "no grain call under the request: " + report);
        var served = trace.Where(s => s.Scope == OrleansGrains && s.Kind == SpanKind.Server && calls.Any(c => c.SpanId == s.ParentSpanId)).ToList();
        Assert.True(served.Count > 0, "no silo span under the gateway's call: " + report);
        Assert.All(served, s => Assert.Equal(correlationId, s.Attribute(CorrelationContext.SpanAttribute)));
        Assert.Contains(trace, s => s.Name == "claw.storage.commit");
    }

    [Fact]
    public async Task The_default_protocol_grpc_exports_the_trace_too()
    {
        await using var collector = await OtlpReceiver.StartAsync(grpc: true);
        using var data = new TempDirectory();
        var (traceId, rootSpanId, correlationId) = NewTraceContext();
        var host = await ClawTestHost.StartAsync(data.Path, "--Claw:Telemetry:Otlp:Endpoint", collector.Endpoint);
        await using (host)
        {
            using var client = TracedClient(host.CreateClient(), traceId, rootSpanId, correlationId);
            await new ClawApi(client).SubmitAsync(ClawApi.NewId("q"));
        }

        var trace = collector.Trace(traceId);
        var report = string.Join("\n", trace.Select(s => s.ToString()));
        Assert.True(trace.Any(s => s.Scope == AspNetCore && s.ParentSpanId == rootSpanId), report);
        Assert.True(trace.Any(s => s.Name == "claw.storage.commit"), report);
        Assert.All(trace, s => Assert.Equal(ClawTracing.ServiceName, s.Service));
    }

    [Fact]
    public async Task Without_an_endpoint_nothing_listens_and_grain_calls_carry_no_trace_context()
    {
        using var data = new TempDirectory();
        await using var host = await ClawTestHost.StartAsync(data.Path);
        using var client = TracedClient(host.CreateClient(), ActivityTraceId.CreateRandom().ToHexString(), ActivitySpanId.CreateRandom().ToHexString(), "untraced");
        await SubmitLeaseCompleteAsync(new ClawApi(client));

        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.DoesNotContain(host.Services.GetServices<IIncomingGrainCallFilter>(), f => f.GetType().Name.Contains("ActivityPropagation", StringComparison.Ordinal));
        Assert.False(ClawTraces.Source.HasListeners(), "a listener on the Claw.Orleans source");
    }

    [Fact]
    public async Task A_bad_exporter_setting_stops_the_host_with_a_reason()
    {
        using var data = new TempDirectory();
        var bad = await Assert.ThrowsAsync<InvalidOperationException>(() => ClawTestHost.StartAsync(data.Path, "--Claw:Telemetry:Otlp:Endpoint", "collector:4317"));
        Assert.Contains("Otlp:Endpoint", bad.Message, StringComparison.Ordinal);
        bad = await Assert.ThrowsAsync<InvalidOperationException>(() => ClawTestHost.StartAsync(data.Path, "--Claw:Telemetry:Otlp:Endpoint", "http://127.0.0.1:4317", "--Claw:Telemetry:Otlp:Protocol", "thrift"));
        Assert.Contains("Otlp:Protocol", bad.Message, StringComparison.Ordinal);
        bad = await Assert.ThrowsAsync<InvalidOperationException>(() => ClawTestHost.StartAsync(data.Path, "--Claw:Telemetry:Otlp:Endpoint", "http://127.0.0.1:4317", "--Claw:Telemetry:TraceSampleRatio", "1.5"));
        Assert.Contains("TraceSampleRatio", bad.Message, StringComparison.Ordinal);
    }

    private static string[] ExportTo(OtlpReceiver collector) =>
        ["--Claw:Telemetry:Otlp:Endpoint", collector.Endpoint, "--Claw:Telemetry:Otlp:Protocol", OtlpOptions.HttpProtobuf];

    private static (string TraceId, string RootSpanId, string CorrelationId) NewTraceContext() =>
        (ActivityTraceId.CreateRandom().ToHexString(), ActivitySpanId.CreateRandom().ToHexString(), ClawApi.NewId("corr"));

    /// <summary>A client that sends the agent's trace context and correlation id on every request, as a traced agent does.</summary>
    private static HttpClient TracedClient(HttpClient client, string traceId, string parentSpanId, string correlationId)
    {
        client.DefaultRequestHeaders.Add("traceparent", $"00-{traceId}-{parentSpanId}-01");
        client.DefaultRequestHeaders.Add(CorrelationContext.Header, correlationId);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    private static async Task SubmitLeaseCompleteAsync(ClawApi api)
    {
        var queue = ClawApi.NewId("q");
        var task = await api.SubmitAsync(queue);
        var node = await api.RegisterNodeAsync();
        var assignment = await api.PollOneAsync(node, queue, wait: 5);
        Assert.Equal(task.Str("id"), assignment.Str("task_id"));
        (await api.CompleteLeaseAsync(assignment)).EnsureSuccessStatusCode();
        Assert.Equal("completed", await api.StatusAsync(task.Str("id")));
    }
}

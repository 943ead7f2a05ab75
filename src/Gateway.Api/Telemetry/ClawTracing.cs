using System.Globalization;
using Claw.Gateway.Http;
using Claw.Gateway.Operations;
using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;

namespace Claw.Gateway.Telemetry;

/// <summary>
/// OpenTelemetry tracing of both hosts: ASP.NET Core's request spans, Orleans' grain-call spans (carried across silos
/// by <c>AddActivityPropagation</c>, which the hosts add when <see cref="IsEnabled"/>), and our storage spans, exported
/// over OTLP. With no endpoint configured nothing listens to any activity source, so no span is ever made.
/// </summary>
public static class ClawTracing
{
    public const string ServiceName = "claw-orleans";

    /// <summary>Ours (<c>Claw.Orleans</c>: storage writes and commits) and every Orleans source; ASP.NET Core's comes with its instrumentation.</summary>
    public static readonly string[] Sources = ["Claw.Orleans", ActivitySources.AllActivitySourceName];

    public static bool IsEnabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{TracingOptions.Section}:Otlp:Endpoint"]);

    public static IOpenTelemetryBuilder AddClawTracing(this IOpenTelemetryBuilder otel, IConfiguration configuration)
    {
        if (!IsEnabled(configuration))
        {
            return otel;
        }

        var options = configuration.GetSection(TracingOptions.Section).Get<TracingOptions>() ?? new TracingOptions();
        var (endpoint, protocol) = Exporter(options.Otlp);
        if (options.TraceSampleRatio is not (>= 0 and <= 1))
        {
            throw new InvalidOperationException($"{TracingOptions.Section}:TraceSampleRatio must be between 0 and 1; it is {options.TraceSampleRatio.ToString(CultureInfo.InvariantCulture)}.");
        }

        return otel.WithTracing(tracing => tracing
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceVersion: OperationsEndpoints.Version))
            .SetSampler(new ParentBasedSampler(new RequestRootSampler(options.TraceSampleRatio)))
            .AddAspNetCoreInstrumentation(aspNet =>
            {
                aspNet.Filter = IsTraced;
                aspNet.EnrichWithHttpResponse = (span, response) => span.SetTag(CorrelationContext.SpanAttribute, response.HttpContext.CorrelationId());
            })
            .AddSource(Sources)
            .AddProcessor(new CorrelationIdTagger())
            .AddOtlpExporter(otlp =>
            {
                otlp.Endpoint = endpoint;
                otlp.Protocol = protocol;
            }));
    }

    /// <summary>
    /// Scrapes, probes and the dashboard's polling are not traced (they would bury the requests that matter), nor are
    /// WebSocket sessions: one lives as long as its node stays connected, and every frame's grain call would join it.
    /// </summary>
    private static bool IsTraced(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/metrics") || path.StartsWithSegments("/health") || path.StartsWithSegments("/dashboard"))
        {
            return false;
        }

        var request = context.Request;
        return !HttpMethods.IsConnect(request.Method) && !request.Headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase);
    }

    private static (Uri Endpoint, OtlpExportProtocol Protocol) Exporter(OtlpOptions otlp)
    {
        if (!Uri.TryCreate(otlp.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"{TracingOptions.Section}:Otlp:Endpoint must be an http:// or https:// address of an OTLP collector.");
        }

        return otlp.Protocol.Trim().ToLowerInvariant() switch
        {
            OtlpOptions.Grpc => (endpoint, OtlpExportProtocol.Grpc),
            // Given in code, the exporter posts to the address as it is; collectors listen on /v1/traces.
            OtlpOptions.HttpProtobuf => (endpoint.AbsolutePath == "/" ? new Uri(endpoint, "v1/traces") : endpoint, OtlpExportProtocol.HttpProtobuf),
            _ => throw new InvalidOperationException($"{TracingOptions.Section}:Otlp:Protocol must be {OtlpOptions.Grpc} or {OtlpOptions.HttpProtobuf}."),
        };
    }
}

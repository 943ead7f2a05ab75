using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Claw.Tests.Telemetry;

/// <summary>
/// A tiny OTLP/HTTP collector on a real loopback port: it takes <c>POST /v1/traces</c> (protobuf), decodes the spans
/// and answers 200 as a collector does, so the hosts' real OTLP exporter is what the tests observe.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private int _exports;

    private OtlpReceiver(WebApplication app) => _app = app;

    /// <summary>The address to configure as <c>Claw:Telemetry:Otlp:Endpoint</c> with protocol <c>http/protobuf</c>.</summary>
    public string Endpoint { get; private set; } = "";

    public int Exports => Volatile.Read(ref _exports);

    public IReadOnlyList<ReceivedSpan> Spans => [.. _spans];

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{Infrastructure.FreePort.Next()}");
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", (Func<HttpContext, Task<IResult>>)receiver.ReceiveAsync);
        await app.StartAsync();
        receiver.Endpoint = app.Urls.First();
        return receiver;
    }

    public ReceivedSpan[] Trace(string traceId) => [.. Spans.Where(s => s.TraceId == traceId).DistinctBy(s => s.SpanId)];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        if (context.Request.ContentType != "application/x-protobuf")
        {
            return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }

        var body = context.Request.Headers.ContentEncoding == "gzip" ? new GZipStream(context.Request.Body, CompressionMode.Decompress) : context.Request.Body;
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, context.RequestAborted);
        foreach (var span in OtlpTraceDecoder.Decode(buffer.ToArray()))
        {
            _spans.Enqueue(span);
        }

        Interlocked.Increment(ref _exports);
        return Results.Bytes([], "application/x-protobuf"); // an empty ExportTraceServiceResponse: all accepted
    }
}

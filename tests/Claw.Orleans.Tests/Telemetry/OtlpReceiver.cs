using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Claw.Tests.Telemetry;

/// <summary>
/// A tiny OTLP collector on a real loopback port, so the hosts' real OTLP exporter is what the tests observe. Over
/// HTTP it takes <c>POST /v1/traces</c> (protobuf); over gRPC (HTTP/2 without TLS) the trace service's <c>Export</c>
/// call, a length-prefixed message answered with an empty one and <c>grpc-status: 0</c>. Either way it decodes the spans.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private int _exports;

    private OtlpReceiver(WebApplication app) => _app = app;

    private const string GrpcExport = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    /// <summary>The address to configure as <c>Claw:Telemetry:Otlp:Endpoint</c>.</summary>
    public string Endpoint { get; private set; } = "";

    public int Exports => Volatile.Read(ref _exports);

    public IReadOnlyList<ReceivedSpan> Spans => [.. _spans];

    /// <summary>Starts a collector speaking OTLP over HTTP, or over gRPC with <paramref name="grpc"/>.</summary>
    public static async Task<OtlpReceiver> StartAsync(bool grpc = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var port = Infrastructure.FreePort.Next();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, port, listen => listen.Protocols = grpc ? HttpProtocols.Http2 : HttpProtocols.Http1));
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", (Func<HttpContext, Task<IResult>>)receiver.ReceiveAsync);
        app.MapPost(GrpcExport, (Func<HttpContext, Task>)receiver.ReceiveGrpcAsync);
        await app.StartAsync();
        receiver.Endpoint = $"http://127.0.0.1:{port}";
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

    /// <summary>One gRPC message: a compression flag (0 here), its length (big-endian), then the protobuf.</summary>
    private async Task ReceiveGrpcAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var message = buffer.ToArray();
        var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(message.AsSpan(1, 4));
        foreach (var span in OtlpTraceDecoder.Decode(message.AsSpan(5, length)))
        {
            _spans.Enqueue(span);
        }

        Interlocked.Increment(ref _exports);
        context.Response.ContentType = "application/grpc";
        await context.Response.Body.WriteAsync(new byte[5], context.RequestAborted); // an empty response message
        context.Response.AppendTrailer("grpc-status", "0");
    }
}

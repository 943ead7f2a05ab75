using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Claw.Tests.Infrastructure;

/// <summary>
/// A webhook endpoint on a real Kestrel port that records what reaches it. It can be dead: <see cref="Hang"/> holds every
/// request without an answer (the worst receiver: each attempt waits for its timeout), <see cref="Refuse"/> answers 503.
/// </summary>
public sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile string _mode = Ok;

    private const string Ok = "ok";

    private CallbackReceiver(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>Requests answered 200, in arrival order.</summary>
    public ConcurrentQueue<ReceivedCallback> Delivered { get; } = new();

    /// <summary>Requests that arrived while the receiver was dead.</summary>
    public int Turned { get; private set; }

    public static async Task<CallbackReceiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new CallbackReceiver(app);
        app.MapPost("/{**path}", receiver.ReceiveAsync);
        await app.StartAsync();
        receiver.Url = new Uri(app.Urls.First() + "/hooks/claw");
        return receiver;
    }

    public void Hang() => _mode = "hang";

    public void Refuse() => _mode = "refuse";

    public void Answer() => _mode = Ok;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        switch (_mode)
        {
            case "hang":
                Turned++;
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            case "refuse":
                Turned++;
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            default:
                Delivered.Enqueue(new ReceivedCallback(body.ToArray(), context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
                context.Response.StatusCode = StatusCodes.Status200OK;
                return;
        }
    }
}

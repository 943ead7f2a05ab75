using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Claw.Tests.OpenClaw;

/// <summary>
/// An OpenAI-compatible model server on a real Kestrel port, for real OpenClaw gateways to call offline:
/// <c>GET /v1/models</c> and <c>POST /v1/chat/completions</c>, streamed (SSE chunks, a usage chunk, <c>[DONE]</c>) or not.
/// Every reply is <see cref="CannedReply"/>, followed by the marker <c>[m:…]</c> when the user's message holds one, so a
/// test can tell whose turn a reply ends. A marker listed in <see cref="Hold"/> streams its first chunk and then waits
/// until released or the caller hangs up; <see cref="FailNext"/> answers errors (500 by default); <see cref="ChunkDelay"/> slows chunks.
/// </summary>
public sealed partial class FakeModelServer : IAsyncDisposable
{
    public const string CannedReply = "Hello from the fake model. PONG.";
    public const string ModelId = "fake-model";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holds = new(StringComparer.Ordinal);

    private FakeModelServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every completion request, in arrival order: its marker (or "") and whether it streamed.</summary>
    public ConcurrentQueue<(string Marker, bool Stream, DateTimeOffset At)> Requests { get; } = new();

    /// <summary>Markers whose requests have started streaming and are held now.</summary>
    public ConcurrentDictionary<string, int> Holding { get; } = new(StringComparer.Ordinal);

    public TimeSpan ChunkDelay { get; set; } = TimeSpan.Zero;

    private int _failNext;
    private volatile int _failStatus = 500;

    public static async Task<FakeModelServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeModelServer(app);
        app.MapGet("/v1/models", () => Results.Json(new { @object = "list", data = new[] { new { id = ModelId, @object = "model", owned_by = "claw-tests" } } }));
        app.MapPost("/v1/chat/completions", server.CompleteAsync);
        await app.StartAsync();
        server.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/v1");
        return server;
    }

    /// <summary>The next <paramref name="requests"/> requests answer HTTP <paramref name="status"/> with an error body.</summary>
    public void FailNext(int requests, int status = 500)
    {
        _failStatus = status;
        Volatile.Write(ref _failNext, requests);
    }

    private bool TakeFailure()
    {
        while (true)
        {
            var left = Volatile.Read(ref _failNext);
            if (left <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _failNext, left - 1, left) == left)
            {
                return true;
            }
        }
    }

    public int Count(string marker) => Requests.Count(r => r.Marker == marker);

    /// <summary>Requests with <paramref name="marker"/> wait after their first chunk until <see cref="Release"/>.</summary>
    public void Hold(string marker) => _holds[marker] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release(string marker)
    {
        if (_holds.TryRemove(marker, out var hold))
        {
            hold.TrySetResult();
        }
    }

    public static string ReplyFor(string marker) => marker.Length == 0 ? CannedReply : $"{CannedReply} [m:{marker}]";

    private async Task CompleteAsync(HttpContext http)
    {
        using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        var request = body.RootElement;
        var stream = request.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        var marker = MarkerOf(request);
        Requests.Enqueue((marker, stream, DateTimeOffset.UtcNow));
        if (TakeFailure())
        {
            var status = _failStatus;
            http.Response.StatusCode = status;
            await http.Response.WriteAsJsonAsync(new { error = new { message = "fake model failure", type = status >= 500 ? "server_error" : "invalid_request_error" } });
            return;
        }

        var reply = ReplyFor(marker);
        if (!stream)
        {
            await http.Response.WriteAsJsonAsync(new
            {
                id = "chatcmpl-fake",
                @object = "chat.completion",
                created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                model = ModelId,
                choices = new[] { new { index = 0, message = new { role = "assistant", content = reply }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 10, completion_tokens = 8, total_tokens = 18 },
            });
            return;
        }

        http.Response.ContentType = "text/event-stream";
        var includeUsage = request.TryGetProperty("stream_options", out var o) && o.TryGetProperty("include_usage", out var u) && u.ValueKind == JsonValueKind.True;
        var chunks = Chunks(reply).ToList();
        for (var i = 0; i < chunks.Count; i++)
        {
            await SendAsync(http, Chunk(new { role = "assistant", content = chunks[i] }, null));
            if (i == 0 && _holds.TryGetValue(marker, out var hold))
            {
                Holding.AddOrUpdate(marker, 1, (_, n) => n + 1);
                try
                {
                    await hold.Task.WaitAsync(http.RequestAborted);
                }
                finally
                {
                    Holding.AddOrUpdate(marker, 0, (_, n) => n - 1);
                }
            }

            if (ChunkDelay > TimeSpan.Zero)
            {
                await Task.Delay(ChunkDelay, http.RequestAborted);
            }
        }

        await SendAsync(http, Chunk(new { }, "stop"));
        if (includeUsage)
        {
            await SendAsync(http, JsonSerializer.Serialize(new
            {
                id = "chatcmpl-fake",
                @object = "chat.completion.chunk",
                created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                model = ModelId,
                choices = Array.Empty<object>(),
                usage = new { prompt_tokens = 10, completion_tokens = 8, total_tokens = 18 },
            }));
        }

        await SendAsync(http, "[DONE]");
    }

    private static string Chunk(object delta, string? finishReason) => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-fake",
        @object = "chat.completion.chunk",
        created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        model = ModelId,
        choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
    });

    private static async Task SendAsync(HttpContext http, string data)
    {
        await http.Response.WriteAsync("data: " + data + "\n\n", Encoding.UTF8, http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }

    private static IEnumerable<string> Chunks(string text)
    {
        for (var i = 0; i < text.Length; i += 12)
        {
            yield return text.Substring(i, Math.Min(12, text.Length - i));
        }
    }

    /// <summary>The marker <c>m:…</c> of the last user message that carries one; OpenClaw wraps the user's text in its own lines.</summary>
    private static string MarkerOf(JsonElement request)
    {
        if (!request.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return "";
        }

        var marker = "";
        foreach (var message in messages.EnumerateArray())
        {
            if (message.TryGetProperty("role", out var role) && role.GetString() == "user" && Marker().Match(TextOf(message)) is { Success: true } match)
            {
                marker = match.Groups[1].Value;
            }
        }

        return marker;
    }

    private static string TextOf(JsonElement message) => message.TryGetProperty("content", out var content) ? content.ValueKind switch
    {
        JsonValueKind.String => content.GetString() ?? "",
        JsonValueKind.Array => string.Join("\n", content.EnumerateArray().Select(p => p.TryGetProperty("text", out var t) ? t.GetString() : null)),
        _ => "",
    } : "";

    [GeneratedRegex(@"\bm:([A-Za-z0-9_-]+)")]
    private static partial Regex Marker();

    public async ValueTask DisposeAsync()
    {
        foreach (var hold in _holds.Values)
        {
            hold.TrySetResult();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Claw.Tests.Infrastructure;

/// <summary>A node's WebSocket as a test drives it: send frames, read frames (skipping ones a test does not ask for).</summary>
public sealed class WsClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();

    private WsClient()
    {
    }

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseReason => _socket.CloseStatusDescription;

    public WebSocketState State => _socket.State;

    /// <summary>The upgrade's HTTP status when the server refused it (<see cref="TryConnectAsync"/>); null once connected.</summary>
    public HttpStatusCode? RefusedWith { get; private set; }

    /// <summary>Connects as node <paramref name="nodeId"/>; <paramref name="credential"/> goes in the upgrade's <c>Authorization</c> header.</summary>
    public static async Task<WsClient> ConnectAsync(Uri http, string nodeId, string? query = null, string? credential = null, string? origin = null)
    {
        var client = await TryConnectAsync(http, nodeId, credential, query, origin);
        return client.RefusedWith is { } refused ? throw new Xunit.Sdk.XunitException($"the upgrade was refused with {(int)refused}") : client;
    }

    /// <summary>Like <see cref="ConnectAsync"/>, but a refused upgrade is answered with <see cref="RefusedWith"/> instead of an exception.</summary>
    public static async Task<WsClient> TryConnectAsync(Uri http, string nodeId, string? credential = null, string? query = null, string? origin = null)
    {
        var client = new WsClient();
        client._socket.Options.CollectHttpResponseDetails = true;
        if (credential is not null)
        {
            client._socket.Options.SetRequestHeader("Authorization", "Bearer " + credential);
        }

        if (origin is not null)
        {
            client._socket.Options.SetRequestHeader("Origin", origin);
        }

        var uri = new UriBuilder(http) { Scheme = "ws", Path = "/api/v1/ws/control", Query = $"bot_id={nodeId}{query}" }.Uri;
        try
        {
            await client._socket.ConnectAsync(uri, CancellationToken.None);
        }
        catch (WebSocketException) when (client._socket.HttpStatusCode != 0 && client._socket.HttpStatusCode != HttpStatusCode.SwitchingProtocols)
        {
            client.RefusedWith = client._socket.HttpStatusCode;
        }

        return client;
    }

    public Task SendAsync(string json) => SendRawAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text);

    /// <summary>Sends <c>{"type", "payload"}</c>, the payload serialized as written (snake_case names in the anonymous object).</summary>
    public Task SendAsync(string type, object payload) => SendAsync(JsonSerializer.Serialize(new { type, payload }));

    public Task SendRawAsync(byte[] bytes, WebSocketMessageType type) =>
        _socket.SendAsync(bytes, type, endOfMessage: true, CancellationToken.None);

    /// <summary>The next frame, or null when the server closed the connection.</summary>
    public async Task<JsonElement?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var received = await _socket.ReceiveAsync(buffer, cancel.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
            }
        }
    }

    /// <summary>Reads until a frame of <paramref name="type"/> arrives; fails if the connection closes first.</summary>
    public async Task<JsonElement> ExpectAsync(string type, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        var seen = new List<string>();
        while (DateTime.UtcNow < deadline)
        {
            var frame = await ReceiveAsync(deadline - DateTime.UtcNow) ?? throw new Xunit.Sdk.XunitException($"closed ({CloseStatus} {CloseReason}) before '{type}'; saw [{string.Join(", ", seen)}]");
            var got = frame.Str("type");
            if (got == type)
            {
                return frame;
            }

            seen.Add(got);
        }

        throw new Xunit.Sdk.XunitException($"no '{type}' frame; saw [{string.Join(", ", seen)}]");
    }

    /// <summary>Reads until the server closes; returns the frames seen before.</summary>
    public async Task<List<JsonElement>> UntilClosedAsync(TimeSpan? timeout = null)
    {
        var frames = new List<JsonElement>();
        while (await ReceiveAsync(timeout) is { } frame)
        {
            frames.Add(frame);
        }

        return frames;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", new CancellationTokenSource(TimeSpan.FromSeconds(2)).Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
            }
        }

        _socket.Dispose();
    }
}

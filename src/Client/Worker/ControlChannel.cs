using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using Claw.Client.Http;

namespace Claw.Client.Worker;

/// <summary>
/// One connection of the control channel (<c>/api/v1/ws/control</c>): frames are JSON text messages
/// <c>{"type", "payload", "id"?}</c>; sends are serialized (a WebSocket takes one at a time).
/// </summary>
internal sealed class ControlChannel : IAsyncDisposable
{
    private const int MaxFrameBytes = 1024 * 1024;

    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _sending = new(1, 1);

    private ControlChannel(ClientWebSocket socket) => _socket = socket;

    public static async Task<ControlChannel> ConnectAsync(Uri baseAddress, string nodeId, IReadOnlyList<string> queues, string? apiKey, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        if (apiKey is { Length: > 0 })
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + apiKey); // never in the query string
        }

        var query = new Query().With("bot_id", nodeId).With("queues", queues.Count > 0 ? string.Join(",", queues) : null);
        var http = new UriBuilder(baseAddress) { Scheme = baseAddress.Scheme == Uri.UriSchemeHttps ? "wss" : "ws" };
        var uri = new Uri(http.Uri, query.Append("api/v1/ws/control"));
        try
        {
            await socket.ConnectAsync(uri, cancellationToken);
            return new ControlChannel(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async Task SendAsync(string type, object payload, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new { Type = type, Payload = payload }, ClawJson.Options);
        await _sending.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>The next frame; null when the server closed the channel.</summary>
    public async Task<ControlFrame?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var message = new ArrayBufferWriter<byte>();
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                if (message.WrittenCount + received.Count > MaxFrameBytes)
                {
                    throw new WebSocketException(WebSocketError.Faulted, "A frame from the server is larger than 1 MiB.");
                }

                message.Write(buffer.AsSpan(0, received.Count));
                if (received.EndOfMessage)
                {
                    return ControlFrame.Parse(message.WrittenMemory);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "worker stopping", grace.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // the server is gone already
            }
        }

        _socket.Dispose();
        _sending.Dispose();
    }
}

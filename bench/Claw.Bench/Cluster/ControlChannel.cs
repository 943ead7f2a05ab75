using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Claw.Bench.Cluster;

/// <summary>One node's WebSocket control channel, read one whole JSON frame at a time.</summary>
internal sealed class ControlChannel : IDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly byte[] _buffer = new byte[64 * 1024];

    public WebSocketState State => _socket.State;

    /// <summary>Connects and reads the <c>connected</c> frame.</summary>
    public static async Task<ControlChannel> OpenAsync(Uri uri, string? bearer, CancellationToken cancellationToken)
    {
        var channel = new ControlChannel();
        if (bearer is not null)
        {
            channel._socket.Options.SetRequestHeader("Authorization", "Bearer " + bearer);
        }

        try
        {
            await channel._socket.ConnectAsync(uri, cancellationToken);
            var first = await channel.ReceiveAsync(cancellationToken);
            if (first.Type != "connected")
            {
                throw new InvalidOperationException($"expected a connected frame, got {first.Type}");
            }

            return channel;
        }
        catch
        {
            channel.Dispose();
            throw;
        }
    }

    public async Task<InboundFrame> ReceiveAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        while (true)
        {
            var result = await _socket.ReceiveAsync(_buffer.AsMemory(count), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException($"the server closed the session: {_socket.CloseStatus} {_socket.CloseStatusDescription}");
            }

            count += result.Count;
            if (result.EndOfMessage)
            {
                break;
            }

            if (count == _buffer.Length)
            {
                throw new InvalidOperationException("a frame larger than 64 KiB; the bench expects no-op tasks");
            }
        }

        using var document = JsonDocument.Parse(_buffer.AsMemory(0, count));
        var root = document.RootElement;
        return new InboundFrame(root.GetProperty("type").GetString() ?? "", root.TryGetProperty("payload", out var payload) ? payload.Clone() : default);
    }

    public Task SendAsync(string type, object payload, CancellationToken cancellationToken) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { type, payload })), WebSocketMessageType.Text, true, cancellationToken);

    /// <summary>Answers a <c>task_assigned</c> frame with ClawBot's <c>task_complete</c>, carrying the lease as proof.</summary>
    public Task CompleteAsync(InboundFrame assigned, CancellationToken cancellationToken) =>
        SendAsync("task_complete", new
        {
            task_id = assigned.String("task_id"),
            lease_id = assigned.String("lease_id"),
            lease_token = assigned.String("lease_token"),
            success = true,
            result = new { ok = true },
        }, cancellationToken);

    public void Abort() => _socket.Abort();

    public void Dispose() => _socket.Dispose();
}

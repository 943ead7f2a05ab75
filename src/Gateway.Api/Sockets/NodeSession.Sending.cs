using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;

namespace Claw.Gateway.Sockets;

/// <summary>The session's writing side: the bounded outbox, the one sender, and how a session is closed.</summary>
internal sealed partial class NodeSession
{
    private async Task SendLoopAsync()
    {
        try
        {
            await foreach (var frame in _outbox.ReadAllAsync())
            {
                await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, _sendCut.Token);
            }

            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                var (status, reason) = _close ?? (WebSocketCloseStatus.NormalClosure, "closing");
                await _socket.CloseOutputAsync(status, reason, _sendCut.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            _stop.Cancel(); // the peer is gone; stop reading too
        }
    }

    /// <summary>
    /// After the server's close, reads on (discarding) until the node answers it or goes away, within the grace: the
    /// connection ending at once could cut the close frame off, and the node would see a reset instead of the code.
    /// </summary>
    private async Task AwaitPeerCloseAsync()
    {
        if (_socket.State != WebSocketState.CloseSent)
        {
            return;
        }

        using var grace = new CancellationTokenSource(CloseGrace);
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            while ((await _socket.ReceiveAsync(buffer.AsMemory(), grace.Token)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // the node went away or never answered; either way the session is over
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task LingerAsync(CancellationToken nodeGone)
    {
        try
        {
            await Task.Delay(CloseGrace, nodeGone);
        }
        catch (OperationCanceledException)
        {
            // the node hung up
        }
    }

    /// <summary>
    /// Queues a frame, waiting for room while the node reads; false when the session is closing or the frame cannot be
    /// written. An outbox that stays full past Claw:Sockets:SlowConsumerSeconds means the node does not read: the
    /// session is closed with 1008 and counted.
    /// </summary>
    internal async ValueTask<bool> SendAsync(Frame frame)
    {
        byte[] bytes;
        try
        {
            bytes = frame.ToUtf8();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NotSupportedException)
        {
            FrameFailed(frame.Type, ex); // one frame that cannot be written costs that frame, never the session
            return false;
        }

        switch (await _outbox.AddAsync(bytes, TimeSpan.FromSeconds(Math.Max(0.1, _options.SlowConsumerSeconds))))
        {
            case SessionOutbox.Outcome.Queued:
                return true;
            case SessionOutbox.Outcome.Full:
                Refuse(SocketMetrics.SlowConsumer, WebSocketCloseStatus.PolicyViolation, "the node does not read its frames; send queue full", discardQueued: true);
                return false;
            default:
                return false;
        }
    }

    /// <summary>Logs a frame that failed; its type is the client's text, so only a plain frame-type name goes into the line.</summary>
    internal void FrameFailed(string frameType, Exception exception) => LogFrameFailed(
        _logger, Info.NodeId, Info.SessionId, frameType is { Length: <= 32 } && frameType.All(c => c is (>= 'a' and <= 'z') or '_') ? frameType : "unrecognised", exception);

    private TimeSpan CloseGrace => TimeSpan.FromSeconds(Math.Max(1, _options.CloseGraceSeconds));

    /// <summary>Closes the session for what the node did, counted by reason and logged.</summary>
    private void Refuse(string reason, WebSocketCloseStatus status, string description, bool discardQueued = false)
    {
        if (_close is null)
        {
            _metrics.Closed(reason);
            LogRefused(_logger, Info.NodeId, Info.SessionId, reason);
        }

        Close(status, description, discardQueued);
    }

    /// <summary>
    /// Sends the close after the queued frames (or instead of them, for a node that does not read); the receive loop
    /// stops, and a peer that never answers the close is cut off after the grace.
    /// </summary>
    private void Close(WebSocketCloseStatus status, string reason, bool discardQueued = false)
    {
        _close ??= (status, CloseReason.Fit(reason));
        _outbox.Complete(discardQueued);
        _stop.CancelAfter(CloseGrace);
        _sendCut.CancelAfter(CloseGrace);
    }
}
